/**
 * The payload of a contract transaction (deploy, call, redeploy): UTF-8 JSON, encoded and decoded
 * here only. The wallet, the CLI, the simulator and the benchmarks encode with the `…PayloadBytes`
 * functions; the node and the explorer decode with the `parse…Payload` functions. Browser-safe.
 *
 * The bytes are hashed and gas-counted, so the encoding is frozen: keys in the order
 * `source, args` / `procedure, args` / `source`, `args` left out when undefined (JSON.stringify's
 * rule). Decoding accepts what the node has always accepted (extra keys ignored, `args` of any
 * JSON type, absent or null meaning no arguments), so every existing chain replays identically.
 */
import { z } from "zod";
import { utf8Bytes, utf8String } from "../crypto/hash.ts";
import { ChainError, ErrorCode } from "../errors.ts";

/** The contract transactions whose payload this module owns. */
export type ContractTxKind = "deploy" | "call" | "redeploy";

// Absent or null arguments are no arguments: the engine is handed [] (as it always was).
const ZArgs = z.unknown().optional().transform((args) => args ?? []);

export const ZDeployPayload = z.object({ source: z.string(), args: ZArgs });
/** The contract is the transaction's recipient. */
export const ZCallPayload = z.object({ procedure: z.string(), args: ZArgs });
/** The contract is the transaction's recipient; a redeploy has no constructor to run. */
export const ZRedeployPayload = z.object({ source: z.string() });

export type DeployPayload = z.infer<typeof ZDeployPayload>;
export type CallPayload = z.infer<typeof ZCallPayload>;
export type RedeployPayload = z.infer<typeof ZRedeployPayload>;

/** The payload bytes the wallet signs for a deploy. */
export const deployPayloadBytes = (source: string, args: unknown): Uint8Array => utf8Bytes(JSON.stringify({ source, args }));
/** The payload bytes the wallet signs for a call. */
export const callPayloadBytes = (procedure: string, args: unknown): Uint8Array => utf8Bytes(JSON.stringify({ procedure, args }));
/** The payload bytes the wallet signs for a redeploy. */
export const redeployPayloadBytes = (source: string): Uint8Array => utf8Bytes(JSON.stringify({ source }));

// The refusal names the field a payload of this kind cannot do without.
const MISSING_FIELD: Record<ContractTxKind, string> = {
  deploy: 'A deploy payload needs "source": the contract text.',
  call: 'A call payload needs "procedure": the procedure to run.',
  redeploy: 'A redeploy payload needs "source": the new contract text.',
};

function parseWith<T>(schema: z.ZodType<T>, kind: ContractTxKind, payload: Uint8Array): T {
  let json: unknown;
  try {
    // Not a fatal decoder: the node has always replaced malformed UTF-8, and old blocks must replay.
    json = JSON.parse(utf8String(payload));
  } catch {
    throw new ChainError(ErrorCode.InvalidPayload, `A ${kind} transaction's payload must be UTF-8 JSON.`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ChainError(ErrorCode.InvalidPayload, MISSING_FIELD[kind]);
  return parsed.data;
}

/**
 * Decodes a deploy's payload.
 * @throws ChainError INVALID_PAYLOAD when it is not JSON or has no string `source`.
 * @example parseDeployPayload(deployPayloadBytes(source, ["Gold", 1000])) // { source, args: ["Gold", 1000] }
 */
export const parseDeployPayload = (payload: Uint8Array): DeployPayload => parseWith(ZDeployPayload, "deploy", payload);

/**
 * Decodes a call's payload.
 * @throws ChainError INVALID_PAYLOAD when it is not JSON or has no string `procedure`.
 * @example parseCallPayload(callPayloadBytes("transfer", [to, 5])) // { procedure: "transfer", args: [to, 5] }
 */
export const parseCallPayload = (payload: Uint8Array): CallPayload => parseWith(ZCallPayload, "call", payload);

/**
 * Decodes a redeploy's payload.
 * @throws ChainError INVALID_PAYLOAD when it is not JSON or has no string `source`.
 * @example parseRedeployPayload(redeployPayloadBytes(source)) // { source }
 */
export const parseRedeployPayload = (payload: Uint8Array): RedeployPayload => parseWith(ZRedeployPayload, "redeploy", payload);

// `{"procedure":"` — how every call payload made by callPayloadBytes begins.
const CALL_PREFIX = utf8Bytes('{"procedure":"');
const PROCEDURE_KEY = utf8Bytes('"procedure"');
const UNICODE_ESCAPE = utf8Bytes("\\u");

/** Where `needle` occurs in `bytes` at or after `from`, or -1. */
function indexOfBytes(bytes: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = from; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

const isNameByte = (b: number) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f;

/**
 * The procedure a call's payload names, or null when the payload does not parse as a call's.
 * A payload in callPayloadBytes' form with a plain name (letters, digits, `_`) and no other
 * `"procedure"` key or `\u` escape after it is read from its first bytes; anything else is
 * parsed whole (`parseCallPayload`). Either way the name is the one the call runs, which is what
 * the dependency analysis of a block needs for each of its calls.
 * (A payload whose tail is not JSON can be given a name here where the parse refuses it: the
 * call is then refused when it runs, touching no more than a call of that name would.)
 */
export function callProcedureOf(payload: Uint8Array): string | null {
  if (payload.length > CALL_PREFIX.length && indexOfBytes(payload.subarray(0, CALL_PREFIX.length), CALL_PREFIX, 0) === 0) {
    let end = CALL_PREFIX.length;
    while (end < payload.length && isNameByte(payload[end]!)) end++;
    const closed = end > CALL_PREFIX.length && payload[end] === 0x22 && (payload[end + 1] === 0x2c || payload[end + 1] === 0x7d);
    // A later "procedure" key, or one spelled with escapes, would win in JSON.parse: those parse whole.
    if (closed && indexOfBytes(payload, PROCEDURE_KEY, end) === -1 && indexOfBytes(payload, UNICODE_ESCAPE, end) === -1) {
      return String.fromCharCode(...payload.subarray(CALL_PREFIX.length, end));
    }
  }
  try {
    return parseCallPayload(payload).procedure;
  } catch {
    return null;
  }
}

