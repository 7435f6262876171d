import type { Metadata } from "next";
import { MyReposView } from "@/components/repo/MyReposView";

export const metadata: Metadata = { title: "Your repositories" };

export default function ReposPage() {
  return <MyReposView />;
}
