/**
 * The CLI's only door to the hub: the Aergo-compatible REST API under /v1 (chain endpoints and
 * sign-in) and the hub's tRPC procedures over plain HTTP (repositories, people). Every answer is
 * checked with a zod schema before a command reads it; every failure becomes a one-line CliError.
 *
 * The session token rides in the Authorization header and nowhere else: it never appears in a
 * URL, an error message or any output, so it cannot leak into logs or shell transcripts.
 */
import { z } from "zod";
import { CliError } from "./errors.ts";
import { ZHubError } from "./hubSchemas.ts";

export type HubClient = {
  readonly url: string;
  /** The repository the /v1 chain endpoints act on (x-aergo-repo); undefined = the hub's root. */
  readonly repo: string | undefined;
  /** The branch the /v1 chain endpoints act on (x-aergo-branch); undefined = main. */
  readonly branch: string | undefined;
  /** True when requests carry a session token. */
  readonly signedIn: boolean;
  get<T extends z.ZodType>(endpoint: string, query: Record<string, string | undefined>, schema: T): Promise<z.infer<T>>;
  post<T extends z.ZodType>(endpoint: string, body: unknown, schema: T): Promise<z.infer<T>>;
  /** A tRPC query (`GET /api/trpc/PROCEDURE?input=JSON`). */
  query<T extends z.ZodType>(procedure: string, input: unknown, schema: T): Promise<z.infer<T>>;
  /** A tRPC mutation (`POST /api/trpc/PROCEDURE`, the input as the JSON body). */
  mutate<T extends z.ZodType>(procedure: string, input: unknown, schema: T): Promise<z.infer<T>>;
};

export type HubClientOptions = {
  /** Sent as x-aergo-repo on every /v1 request. */
  readonly repo?: string;
  /** Sent as x-aergo-branch on every /v1 request (absent: main). */
  readonly branch?: string;
  /** The session token, sent as `Authorization: Bearer`. */
  readonly token?: string;
  /**
   * Called with the hub's error code and message; may return a hint line for the user (e.g. "sign
   * in first" when a private repository answers NOT_FOUND to someone signed out).
   */
  readonly hintFor?: (code: string, message: string) => string | undefined;
  /** How long a POST may take (default 180 s: a send with --wait final lasts until its block is irreversible). */
  readonly sendTimeoutMs?: number;
};

/** The hub took longer than the client waits: what was asked may still happen (a sent transaction may land). */
export class HubTimeoutError extends CliError {}

/** Reads finish in seconds; a send with --wait final lasts until the block is irreversible. */
const READ_TIMEOUT_MS = 30_000;
const SEND_TIMEOUT_MS = 180_000;

/** tRPC's error shape without a transformer; `domainCode` is the hub's own code (server/api/trpc.ts). */
const ZTrpcError = z.object({
  error: z.object({
    message: z.string(),
    data: z.looseObject({ code: z.string().optional(), domainCode: z.string().nullish(), httpStatus: z.number().optional() }).optional(),
  }),
});
const ZTrpcResult = z.object({ result: z.object({ data: z.unknown() }) });

function unreachable(url: string, e: unknown): CliError {
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  const why = cause?.code === "ECONNREFUSED" ? "connection refused" : cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
  return new CliError(`Cannot reach the hub at ${url} (${why}). Is it running? Set --hub or AERGO_HUB.`);
}

export function createHubClient(url: string, opts: HubClientOptions = {}): HubClient {
  const base = url.endsWith("/") ? url : `${url}/`;

  const hubError = (message: string, code: string) => new CliError(`${message} (${code})`, 1, opts.hintFor?.(code, message));

  async function fetchJson(target: URL, what: string, method: "GET" | "POST", body: unknown, headers: Record<string, string>): Promise<{ res: Response; payload: unknown }> {
    const all: Record<string, string> = { ...headers };
    if (body !== undefined) all["content-type"] = "application/json";
    if (opts.token) all.authorization = `Bearer ${opts.token}`;
    let res: Response;
    try {
      res = await fetch(target, {
        method,
        headers: all,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(method === "GET" ? READ_TIMEOUT_MS : (opts.sendTimeoutMs ?? SEND_TIMEOUT_MS)),
      });
    } catch (e) {
      if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError")) {
        throw new HubTimeoutError(`The hub at ${url} did not answer ${what} in time.`);
      }
      throw unreachable(url, e);
    }
    try {
      return { res, payload: await res.json() };
    } catch {
      throw new CliError(`The hub at ${url} answered ${what} with HTTP ${res.status} and no JSON; is this an AERGO Hub?`);
    }
  }

  function checked<T extends z.ZodType>(payload: unknown, schema: T, what: string): z.infer<T> {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CliError(`The hub's answer to ${what} has an unexpected shape (${issue?.path.join(".") || "body"}: ${issue?.message}).`);
    }
    return parsed.data;
  }

  async function rest<T extends z.ZodType>(method: "GET" | "POST", endpoint: string, query: Record<string, string | undefined>, body: unknown, schema: T): Promise<z.infer<T>> {
    // Relative to the hub URL, so a hub behind a path prefix (https://host/aergo) works too.
    const target = new URL(`v1/${endpoint}`, base);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) target.searchParams.set(k, v);
    const what = `/v1/${endpoint}`;
    const { res, payload } = await fetchJson(target, what, method, body, { ...(opts.repo ? { "x-aergo-repo": opts.repo } : {}), ...(opts.branch ? { "x-aergo-branch": opts.branch } : {}) });
    if (!res.ok) {
      const err = ZHubError.safeParse(payload);
      if (err.success) throw hubError(err.data.error.message, err.data.error.code);
      throw new CliError(`The hub at ${url} answered ${what} with HTTP ${res.status}.`);
    }
    return checked(payload, schema, what);
  }

  async function trpc<T extends z.ZodType>(method: "GET" | "POST", procedure: string, input: unknown, schema: T): Promise<z.infer<T>> {
    const target = new URL(`api/trpc/${procedure}`, base);
    if (method === "GET" && input !== undefined) target.searchParams.set("input", JSON.stringify(input));
    const what = `${procedure}`;
    const { res, payload } = await fetchJson(target, what, method, method === "POST" ? (input ?? {}) : undefined, {});
    const err = ZTrpcError.safeParse(payload);
    if (err.success) {
      const data = err.data.error.data;
      throw hubError(err.data.error.message, data?.domainCode ?? data?.code ?? `HTTP ${res.status}`);
    }
    if (!res.ok) throw new CliError(`The hub at ${url} answered ${what} with HTTP ${res.status}.`);
    const result = ZTrpcResult.safeParse(payload);
    if (!result.success) throw new CliError(`The hub's answer to ${what} is not a tRPC result; is this an AERGO Hub?`);
    return checked(result.data.result.data, schema, what);
  }

  return {
    url,
    repo: opts.repo,
    branch: opts.branch,
    signedIn: Boolean(opts.token),
    get: (endpoint, query, schema) => rest("GET", endpoint, query, undefined, schema),
    post: (endpoint, body, schema) => rest("POST", endpoint, {}, body, schema),
    query: (procedure, input, schema) => trpc("GET", procedure, input, schema),
    mutate: (procedure, input, schema) => trpc("POST", procedure, input, schema),
  };
}
