import type { Metadata } from "next";
import { SignInView } from "@/components/auth/SignInView";

export const metadata: Metadata = { title: "Sign in" };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Auth.js sends failed sign-ins here with ?error=…&code=…; the view turns the code into a sentence. */
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const error = first(sp.error);
  const code = first(sp.code);
  return (
    <SignInView
      callbackUrl={first(sp.callbackUrl)}
      initialMethod={first(sp.method) === "key" ? "key" : "password"}
      initialError={error === "CredentialsSignin" && code ? code : error}
    />
  );
}
