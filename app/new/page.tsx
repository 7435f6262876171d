import type { Metadata } from "next";
import { NewRepoForm } from "@/components/repo/NewRepoForm";

export const metadata: Metadata = { title: "New repository" };

export default function NewRepoPage() {
  return <NewRepoForm />;
}
