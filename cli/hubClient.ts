/**
 * The CLI's only door to the hub: the Aergo-compatible REST API under /v1. Every answer is
 * checked with a zod schema before a command reads it; every failure becomes a one-line CliError.
 */
import type { z } from "zod";
import { CliError } from "./errors.ts";
import { ZHubError } from "./hubSchemas.ts";

export type HubClient = {
  readonly url: string;
  get<T extends z.ZodType>(endpoint: string, query: Record<string, string | undefined>, schema: T): Promise<z.infer<T>>;
  post<T extends z.ZodType>(endpoint: string, body: unknown, schema: T): Promise<z.infer<T>>;
};

/** Reads finish in seconds; a send with --wait final lasts until the block is irreversible. */
const READ_TIMEOUT_MS = 30_000;
const SEND_TIMEOUT_MS = 180_000;

function unreachable(url: string, e: unknown): CliError {
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  const why = cause?.code === "ECONNREFUSED" ? "connection refused" : cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
  return new CliError(`Cannot reach the hub at ${url} (${why}). Is it running? Set --hub or AERGO_HUB.`);
}

export function createHubClient(url: string): HubClient {
  async function request<T extends z.ZodType>(method: "GET" | "POST", endpoint: string, query: Record<string, string | undefined>, body: unknown, schema: T): Promise<z.infer<T>> {
    // Relative to the hub URL, so a hub behind a path prefix (https://host/aergo) works too.
    const target = new URL(`v1/${endpoint}`, url.endsWith("/") ? url : `${url}/`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) target.searchParams.set(k, v);
    let res: Response;
    try {
      res = await fetch(target, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(method === "GET" ? READ_TIMEOUT_MS : SEND_TIMEOUT_MS),
      });
    } catch (e) {
      if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError")) {
        throw new CliError(`The hub at ${url} did not answer /v1/${endpoint} in time.`);
      }
      throw unreachable(url, e);
    }
    let payload: unknown;
    try {
      payload = await res.json();
    } catch {
      throw new CliError(`The hub at ${url} answered /v1/${endpoint} with HTTP ${res.status} and no JSON; is this an AERGO Hub?`);
    }
    if (!res.ok) {
      const err = ZHubError.safeParse(payload);
      if (err.success) throw new CliError(`${err.data.error.message} (${err.data.error.code})`);
      throw new CliError(`The hub at ${url} answered /v1/${endpoint} with HTTP ${res.status}.`);
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CliError(`The hub's answer to /v1/${endpoint} has an unexpected shape (${issue?.path.join(".") || "body"}: ${issue?.message}).`);
    }
    return parsed.data;
  }

  return {
    url,
    get: (endpoint, query, schema) => request("GET", endpoint, query, undefined, schema),
    post: (endpoint, body, schema) => request("POST", endpoint, {}, body, schema),
  };
}
