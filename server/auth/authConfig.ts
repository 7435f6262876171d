/**
 * Auth.js (next-auth v5) for the browser: two credentials providers, "password" (email +
 * password) and "aergo-key" (a signed one-time challenge), JWT sessions whose token carries
 * {sub: userId, username, address}. The same token is read by viewerFromRequest for every
 * server door, so the browser session and the CLI bearer token are one thing.
 */
import type { NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
// The class next-auth re-exports, taken from its engine directly: the "next-auth" entry point
// imports next/server, which only resolves inside Next's bundler, and this module must also
// load in plain Node (tests, the custom server). Auth.js checks `instanceof` on this class.
import { CredentialsSignin } from "@auth/core/errors";
import { getAuth } from "./registry.ts";
import { signInCodeOf } from "./signInErrors.ts";
import { signInWithKey, signInWithPassword } from "./signIn.ts";
import { SESSION_MAX_AGE_SECONDS } from "./session.ts";
import type { Person } from "./people.ts";

declare module "next-auth" {
  interface User {
    username?: string;
    address?: string;
  }
  interface Session {
    user: { id: string; name?: string | null; username: string; address: string };
  }
}

/** Carries a short code to the form (see signInErrors.ts); the full error stays in the server log. */
class SignInFailed extends CredentialsSignin {
  constructor(code: string, cause?: unknown) {
    super(code, { cause });
    this.code = code;
  }
}

/**
 * The client address. The custom server (server/main.ts) sets x-forwarded-for from the socket
 * before handing a request to Next; the first entry is the one it wrote.
 */
function clientIp(request: Request | undefined): string {
  const fwd = request?.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return fwd || request?.headers.get("x-real-ip") || "unknown";
}

function sessionUser(p: Person) {
  return { id: p.id, name: p.username, username: p.username, address: p.address };
}

async function attempt(run: () => Promise<Person>) {
  try {
    return sessionUser(await run());
  } catch (e) {
    throw new SignInFailed(signInCodeOf(e), e);
  }
}

export function authConfig(): NextAuthConfig {
  return {
    trustHost: true,
    logger: {
      // A refused sign-in is routine (wrong password, expired challenge): one line, not a stack.
      error(error) {
        if (error instanceof CredentialsSignin) console.warn(`[auth] sign-in refused: ${error.code}`);
        else console.error("[auth]", error);
      },
    },
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      Credentials({
        id: "password",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: (c, request) => attempt(() => signInWithPassword(getAuth(), { email: c.email, password: c.password, ip: clientIp(request) })),
      }),
      Credentials({
        id: "aergo-key",
        name: "Aergo key",
        credentials: { challengeId: {}, address: {}, signature: {} },
        authorize: (c, request) =>
          attempt(() => signInWithKey(getAuth(), { challengeId: c.challengeId, address: c.address, signature: c.signature, ip: clientIp(request) })),
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.username = user.username;
          token.address = user.address;
          token.name = user.username;
          return token;
        }
        // Each session read re-checks the account: a deleted person is signed out (null clears the cookie).
        const person = typeof token.sub === "string" ? getAuth().people.byId(token.sub) : undefined;
        if (!person) return null;
        token.username = person.username;
        token.address = person.address;
        return token;
      },
      session({ session, token }) {
        session.user = {
          ...session.user,
          id: String(token.sub ?? ""),
          name: String(token.username ?? ""),
          username: String(token.username ?? ""),
          address: String(token.address ?? ""),
        };
        return session;
      },
      redirect({ url, baseUrl }) {
        // Only our own pages: a crafted callbackUrl must not send a fresh session elsewhere.
        if (url.startsWith("/") && !url.startsWith("//")) return `${baseUrl}${url}`;
        try {
          if (new URL(url).origin === baseUrl) return url;
        } catch {
          /* fall through */
        }
        return `${baseUrl}/repos`;
      },
    },
  };
}
