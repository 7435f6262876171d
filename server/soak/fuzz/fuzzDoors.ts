/**
 * Sends one fuzz input through its door and judges the answer: a refusal must be a 4xx with a
 * JSON error carrying a clear message, never a 5xx, never a dropped connection; the CLI must
 * exit 0, 1 or 2 with a one-line reason and no stack trace.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { toHex, utf8Bytes } from "../../../chain/crypto/hash.ts";
import type { KeyPair } from "../../../chain/crypto/keys.ts";
import { contractGasLimit } from "../../../chain/tx/buildTx.ts";
import { signMessage } from "../../../chain/crypto/signature.ts";
import { intrinsicGas, txSigningBytes, type TxBody } from "../../../chain/tx/tx.ts";
import { REPO_ROOT, type HttpAnswer, type HubProcess } from "../../testing/hubProcess.ts";
import type { Person } from "../../testing/people.ts";
import type { FuzzInput } from "./fuzzInputs.ts";

/** The outcome of one input: refused (4xx, clear), accepted (2xx), or a failure to report. */
export type Verdict = { readonly kind: "refused" | "accepted"; readonly status: number; readonly writes: boolean } | { readonly kind: "failure"; readonly status: number; readonly why: string };

/** A signing account whose nonce the fuzzer tracks: it moves only when the hub accepts its transaction. */
export type FuzzSigner = { readonly key: KeyPair; nonce: number; accepted: number };

export type DoorContext = {
  readonly hub: HubProcess;
  readonly chainIdHash: Uint8Array;
  readonly gasPrice: bigint;
  /** Signs the absurd transactions (and is the sender of every mutated one). */
  readonly mutator: FuzzSigner;
  /** Signs deploys of mutated sources. */
  readonly deployer: FuzzSigner;
  readonly person: Person;
  readonly cliHome: string;
  /** Serializes the doors that sign with a tracked nonce. */
  withSigner<T>(work: () => Promise<T>): Promise<T>;
};

const JSON_TYPE = { "content-type": "application/json" };

/** Messages that tell the caller nothing (or leak internals) although they are non-empty. */
const UNCLEAR = /\[object Object\]|\bundefined\b|^\s*\{|^\s*\[|TypeError|ReferenceError|Cannot read propert|is not a function|\n\s+at .+:\d+:\d+/;

/** Judges an HTTP answer; `writes`: the door changes chain state when it accepts. */
export function judgeHttp(a: HttpAnswer, writes: boolean): Verdict {
  if (a.status >= 500) return { kind: "failure", status: a.status, why: `answered ${a.status}: ${a.text.slice(0, 300)}` };
  if (a.status >= 200 && a.status < 300) return { kind: "accepted", status: a.status, writes };
  if (a.status < 400) return { kind: "failure", status: a.status, why: `answered ${a.status}, neither an answer nor a refusal` };
  const message = (a.json as { error?: { message?: unknown } } | undefined)?.error?.message;
  if (typeof message !== "string" || message.trim() === "") return { kind: "failure", status: a.status, why: `refused ${a.status} without a JSON error message: ${a.text.slice(0, 300)}` };
  if (UNCLEAR.test(message) || message.length > 2000) return { kind: "failure", status: a.status, why: `refused ${a.status} with an unclear message: ${message.slice(0, 300)}` };
  return { kind: "refused", status: a.status, writes };
}

async function request(ctx: DoorContext, pathAndQuery: string, opts: Parameters<HubProcess["request"]>[1], writes: boolean): Promise<Verdict> {
  try {
    return judgeHttp(await ctx.hub.request(pathAndQuery, { timeoutMs: 60_000, ...opts }), writes);
  } catch (e) {
    return { kind: "failure", status: 0, why: `no answer (${e instanceof Error ? e.message : String(e)})` };
  }
}

const sendHex = (ctx: DoorContext, bytes: Uint8Array) => request(ctx, "/v1/sendSignedTransaction", { body: JSON.stringify({ tx: toHex(bytes) }), headers: JSON_TYPE }, true);

type UnsignedFields = Omit<TxBody, "nonce" | "from"> & { readonly nonce?: number };

/**
 * Signs `body` for `signer` at its next nonce and sends it; the nonce moves only when accepted.
 * Signed by hand (not signTx) so bodies over the size limit still reach the hub.
 */
async function sendSignedBy(ctx: DoorContext, signer: FuzzSigner, fields: UnsignedFields): Promise<Verdict> {
  return ctx.withSigner(async () => {
    const body: TxBody = { ...fields, nonce: fields.nonce ?? signer.nonce + 1, from: signer.key.address };
    const signing = txSigningBytes(body);
    const bytes = new Uint8Array([...signing, ...signMessage(signing, signer.key.privateKey)]);
    const verdict = await sendHex(ctx, bytes);
    if (verdict.kind === "accepted") {
      signer.nonce = body.nonce;
      signer.accepted += 1;
    }
    return verdict;
  });
}

/** A transaction no sane client signs: each field at an extreme the pool must refuse. */
function absurdBody(ctx: DoorContext, field: Extract<FuzzInput, { door: "absurdTx" }>["field"], pick: number): UnsignedFields {
  const base = { type: "transfer" as const, chainIdHash: ctx.chainIdHash, to: ctx.deployer.key.address, amount: 1n, gasPrice: ctx.gasPrice, payload: new Uint8Array(), gasLimit: 100_000 };
  switch (field) {
    case "nonce":
      // A gap, the largest nonce, or one already used (a gap again while the account never sent).
      return { ...base, nonce: [ctx.mutator.nonce + 2 + (pick % 1000), Number.MAX_SAFE_INTEGER, ctx.mutator.nonce > 0 ? ctx.mutator.nonce : 3][pick % 3]! };
    case "amount":
      return { ...base, amount: 2n ** 255n + BigInt(pick) };
    case "gasPrice":
      return { ...base, gasPrice: 2n ** 200n };
    case "gasLimit":
      return { ...base, gasLimit: [Number.MAX_SAFE_INTEGER, 0, 99_999][pick % 3]! };
    case "chainId":
      return { ...base, chainIdHash: new Uint8Array(randomBytes(32)) };
    case "payload": {
      // Over the pool's size limit, or enough bytes with too little gas to carry them.
      const payload = new Uint8Array(randomBytes(pick % 2 === 0 ? 205 * 1024 : 50_000));
      return { ...base, payload, gasLimit: intrinsicGas({ payload }) - 1 };
    }
    case "type":
      return { ...base, type: (["stake", "unstake", "vote", "call", "deploy"] as const)[pick % 5]!, amount: 2n ** 200n, payload: utf8Bytes("{not json") };
  }
}

/** Sends one HTTP fuzz input. */
export async function sendHttpInput(ctx: DoorContext, input: FuzzInput): Promise<Verdict> {
  switch (input.door) {
    case "rawTx":
      return input.transport === "hex"
        ? sendHex(ctx, input.bytes)
        : request(ctx, "/v1/sendSignedTransaction", { method: "POST", body: Buffer.from(input.bytes), headers: { "content-type": "application/octet-stream" } }, true);
    case "txBody":
      return request(ctx, "/v1/sendSignedTransaction", { method: "POST", body: input.body, headers: input.contentType ? { "content-type": input.contentType } : {} }, true);
    case "absurdTx":
      return sendSignedBy(ctx, ctx.mutator, absurdBody(ctx, input.field, input.pick));
    case "rest":
      return request(ctx, input.path, { method: input.method, body: input.body, headers: input.contentType ? { "content-type": input.contentType } : {} }, input.method === "POST");
    case "trpc": {
      const auth: Record<string, string> = input.signedIn ? { authorization: `Bearer ${ctx.person.token}` } : {};
      if (input.type === "query") {
        const q = input.input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input.input))}`;
        return request(ctx, `/api/trpc/${input.procedure}${q}`, { headers: auth }, false);
      }
      return request(ctx, `/api/trpc/${input.procedure}`, { method: "POST", body: input.input === undefined ? "" : JSON.stringify(input.input), headers: { ...JSON_TYPE, ...auth } }, true);
    }
    case "contract": {
      if (input.via === "compile") {
        return request(ctx, "/api/trpc/contracts.compile", { method: "POST", body: JSON.stringify({ source: input.source }), headers: { ...JSON_TYPE, authorization: `Bearer ${ctx.person.token}` } }, false);
      }
      const payload = utf8Bytes(JSON.stringify({ source: input.source, args: input.args }));
      return sendSignedBy(ctx, ctx.deployer, { type: "deploy", chainIdHash: ctx.chainIdHash, to: null, amount: 0n, gasPrice: ctx.gasPrice, gasLimit: contractGasLimit(payload.length), payload });
    }
    case "cli":
      throw new Error("CLI inputs go through runCliInput.");
  }
}

const CLI_TIMEOUT_MS = 60_000;
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;
/** Commands that change chain state when they succeed. */
const WRITING_COMMANDS = new Set(["faucet", "send", "deploy", "call", "stake", "unstake", "vote", "name", "market", "proposal", "redeploy", "merge", "branch", "repo"]);

/** Runs `aergo ARGS` against the hub with an empty key store and judges how it ends. */
export function runCliInput(ctx: DoorContext, args: readonly string[]): Promise<Verdict> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, "bin", "aergo.mjs"), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, AERGO_HOME: ctx.cliHome, AERGO_PASSWORD: "fuzz-password", AERGO_HUB: ctx.hub.url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), CLI_TIMEOUT_MS);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      const writes = args.some((a) => WRITING_COMMANDS.has(a));
      if (code === 0) return resolve({ kind: "accepted", status: 0, writes });
      if (code === null) return resolve({ kind: "failure", status: -1, why: `killed by ${signal} (no exit within ${CLI_TIMEOUT_MS} ms)` });
      if (code !== 1 && code !== 2) return resolve({ kind: "failure", status: code, why: `exit code ${code}: ${stderr.slice(0, 300)}` });
      const reason = stderr.trim();
      if (reason === "") return resolve({ kind: "failure", status: code, why: `exit ${code} with nothing on stderr (stdout: ${stdout.slice(0, 200)})` });
      if (STACK_LINE.test(stderr) || /\[object Object\]/.test(stderr)) return resolve({ kind: "failure", status: code, why: `exit ${code} with a stack trace or an unclear reason: ${stderr.slice(0, 400)}` });
      resolve({ kind: "refused", status: code, writes });
    });
  });
}
