/**
 * Sessions: one encrypted JWT format (Auth.js's) for both doors. The browser gets it as the
 * next-auth session cookie; the CLI gets it as a bearer token from POST /v1/auth/key. Both are
 * read by viewerFromRequest, which every server door (tRPC, REST, SSE) calls, so there is one
 * notion of "who is asking".
 */
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { decode, encode } from "next-auth/jwt";
import { ANONYMOUS, userViewer, type Viewer } from "../access/viewer.ts";
import { ChainError, ErrorCode } from "../../chain/errors.ts";
import type { PeopleStore } from "./people.ts";
import { getAuth } from "./registry.ts";

/** Auth.js derives the JWT key from the secret and the cookie's name (its "salt"). */
export const SESSION_COOKIE = "authjs.session-token";
/** The name Auth.js uses over https (the __Secure- prefix makes browsers refuse it over http). */
export const SECURE_SESSION_COOKIE = "__Secure-authjs.session-token";
/** Auth.js's default session length; the CLI token lasts as long. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/**
 * Makes sure AUTH_SECRET is set: from the environment, else from DATA_DIR/auth-secret, else a
 * new random one written there (mode 0600). Kept on disk so sessions survive a restart.
 */
export function ensureAuthSecret(dataDir: string): string {
  const fromEnv = process.env.AUTH_SECRET;
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, "auth-secret");
  fs.mkdirSync(dataDir, { recursive: true });
  let secret: string;
  try {
    secret = fs.readFileSync(file, "utf8").trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    secret = randomBytes(32).toString("base64url");
    try {
      fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    } catch (w) {
      // Another process wrote it first: use theirs, or the two would not read each other's cookies.
      if ((w as NodeJS.ErrnoException).code !== "EEXIST") throw w;
      secret = fs.readFileSync(file, "utf8").trim();
    }
  }
  if (secret.length < 32) throw new Error(`The auth secret in ${file} is too short; delete the file to make a new one.`);
  process.env.AUTH_SECRET = secret;
  return secret;
}

function secret(): string {
  const s = process.env.AUTH_SECRET;
  if (!s) throw new ChainError(ErrorCode.Internal, "The hub has no AUTH_SECRET; ensureAuthSecret(dataDir) must run at start.");
  return s;
}

export type SessionClaims = { sub: string; username: string; address: string };

/** A bearer token for the CLI: the same JWT a browser session cookie holds. */
export async function issueSessionToken(
  user: { id: string; username: string; address: string },
  options: { maxAgeSeconds?: number } = {},
): Promise<{ token: string; expiresAt: string }> {
  const maxAge = options.maxAgeSeconds ?? SESSION_MAX_AGE_SECONDS;
  const claims: SessionClaims = { sub: user.id, username: user.username, address: user.address };
  const token = await encode({ token: claims, secret: secret(), salt: SESSION_COOKIE, maxAge });
  return { token, expiresAt: new Date(Date.now() + maxAge * 1000).toISOString() };
}

/** Parses a Cookie header into name -> value (first wins, as browsers send the most specific first). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || out.has(name)) continue;
    let value = part.slice(eq + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      /* keep raw */
    }
    out.set(name, value);
  }
  return out;
}

/** Auth.js splits a cookie over ~4 KB into NAME.0, NAME.1, …; joins them back. */
function sessionCookie(cookies: Map<string, string>): { name: string; value: string } | undefined {
  for (const name of [SECURE_SESSION_COOKIE, SESSION_COOKIE]) {
    const whole = cookies.get(name);
    if (whole) return { name, value: whole };
    let value = "";
    for (let i = 0; cookies.has(`${name}.${i}`); i++) value += cookies.get(`${name}.${i}`);
    if (value) return { name, value };
  }
  return undefined;
}

/** True when the Cookie header carries a session (whole or chunked): what CSRF checks key on. */
export function hasSessionCookie(cookieHeader: string | undefined): boolean {
  return cookieHeader ? sessionCookie(parseCookies(cookieHeader)) !== undefined : false;
}

function bearer(authorization: string | undefined): string | undefined {
  const m = authorization?.match(/^Bearer\s+(\S+)\s*$/i);
  return m?.[1];
}

/**
 * Who is asking: the bearer token if there is one, else the session cookie. Anonymous when
 * neither is present, the token is tampered with or expired, or the account no longer exists
 * (so deleting a person ends their sessions at once, whatever the token says).
 */
export async function viewerFromRequest(
  headers: { cookie?: string; authorization?: string },
  people: Pick<PeopleStore, "byId"> = getAuth().people,
): Promise<Viewer> {
  const token = bearer(headers.authorization);
  const found = token ? { name: SESSION_COOKIE, value: token } : sessionCookie(parseCookies(headers.cookie));
  if (!found) return ANONYMOUS;
  let claims: Record<string, unknown> | null;
  try {
    claims = await decode({ token: found.value, secret: secret(), salt: found.name });
  } catch {
    return ANONYMOUS;
  }
  const sub = claims?.sub;
  if (typeof sub !== "string") return ANONYMOUS;
  const person = people.byId(sub);
  return person ? userViewer(person) : ANONYMOUS;
}
