import type { Metadata } from "next";
import { SignUpForm } from "@/components/auth/SignUpForm";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const callbackUrl = (await searchParams).callbackUrl;
  return <SignUpForm callbackUrl={Array.isArray(callbackUrl) ? callbackUrl[0] : callbackUrl} />;
}
