/**
 * The REST face of sign-in, for the CLI and the browser's sign-up form: plain functions from
 * parsed JSON to JSON, so the custom server mounts them at /v1/auth/* without tRPC or Next.
 * Errors are ChainErrors; the server maps them to statuses (server/api/errorMap.ts).
 */
import { z } from "zod";
import { ChainError, ErrorCode } from "../../chain/errors.ts";
import { getAuth, type AuthServices } from "./registry.ts";
import { issueSessionToken } from "./session.ts";
import { signInWithKey } from "./signIn.ts";

export type AuthRouteContext = {
  /** The client's IP (server/http/origins.ts `clientIp`: the socket, or a trusted proxy's header). */
  readonly ip: string;
  /** The hub's origin named in challenges: one of its configured origins (server/http/origins.ts). */
  readonly origin?: string;
};

const ZKeyBody = z.object({
  challengeId: z.string().min(1).max(100),
  address: z.string().min(1).max(100),
  signature: z.string().min(1).max(200),
  username: z.string().max(100).optional(),
});
/**
 * Sign-up names the identity key's address and proves it holds the key: a signature by it over a
 * fresh challenge (like key sign-in), so nobody can bind someone else's public address to an
 * account of theirs.
 */
const ZSignupBody = z.object({
  username: z.string().max(100),
  email: z.string().max(300),
  password: z.string().max(1024),
  address: z.string().max(100),
  challengeId: z.string().min(1).max(100),
  signature: z.string().min(1).max(200),
});

function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue?.path.join(".");
  throw new ChainError(ErrorCode.BadRequest, field ? `The ${what} request needs a valid "${field}".` : `The ${what} request body is not valid.`);
}

const HOUR = 60 * 60_000;

export function createAuthRoutes(s: AuthServices) {
  return {
    /** POST /v1/auth/challenge -> {id, text, expiresAt} */
    async challenge(_body: unknown, ctx: AuthRouteContext) {
      s.limiter.hit([{ key: `challenge-ip:${ctx.ip}`, limit: 120, windowMs: 5 * 60_000 }]);
      const c = s.challenges.issue(ctx.origin);
      return { id: c.id, text: c.text, expiresAt: c.expiresAt };
    },
    /** POST /v1/auth/key {challengeId, address, signature, username?} -> {token, username, address, expiresAt} */
    async key(body: unknown, ctx: AuthRouteContext) {
      const b = parseBody(ZKeyBody, body, "key sign-in");
      const person = await signInWithKey(s, { ...b, ip: ctx.ip });
      const { token, expiresAt } = await issueSessionToken(person);
      return { token, username: person.username, address: person.address, expiresAt };
    },
    /** POST /v1/auth/signup {username, email, password, address, challengeId, signature} -> {username} */
    async signup(body: unknown, ctx: AuthRouteContext) {
      const b = parseBody(ZSignupBody, body, "sign-up");
      // Sign-up spends a memory-hard hash and creates a record: a cap per IP keeps it from
      // being a cheap way to fill the disk or burn the CPU.
      s.limiter.hit([{ key: `signup-ip:${ctx.ip}`, limit: s.signupsPerIpHour, windowMs: HOUR }]);
      // The proof of the key first: a refused proof spends no hash and writes nothing.
      s.challenges.consume(b.challengeId, b.address, b.signature);
      const person = await s.people.signUpWithPassword({ username: b.username, email: b.email, password: b.password, address: b.address });
      return { username: person.username };
    },
  };
}

export type AuthRoutes = ReturnType<typeof createAuthRoutes>;
export const AUTH_ROUTE_NAMES = ["challenge", "key", "signup"] as const;

/**
 * Dispatches `/v1/auth/<name>` (POST only) to its handler, using the registered services.
 * @throws ChainError NOT_FOUND for an unknown name.
 */
export function handleAuthRoute(name: string, body: unknown, ctx: AuthRouteContext, services: AuthServices = getAuth()): Promise<unknown> {
  const routes = createAuthRoutes(services);
  if (!(AUTH_ROUTE_NAMES as readonly string[]).includes(name)) {
    return Promise.reject(new ChainError(ErrorCode.NotFound, `There is no auth endpoint named "${name}".`));
  }
  return routes[name as (typeof AUTH_ROUTE_NAMES)[number]](body, ctx);
}
