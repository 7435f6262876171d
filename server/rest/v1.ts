/**
 * The Aergo-compatible REST API under /v1, with the real Aergo web3 endpoint and parameter names
 * (getChainInfo, getBlock?hash|number, getTx?hash, getReceipt?hash, getBalance?account,
 * getState?account, sendSignedTransaction). The transaction hot path lives here, outside Next.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { parseAmount } from "../../chain/amount.ts";
import { fromHex } from "../../chain/crypto/hash.ts";
import { ChainError, ErrorCode, isChainError } from "../../chain/errors.ts";
import { httpStatusOf } from "../api/errorMap.ts";
import { ZSendTxInput } from "../api/inputs.ts";
import type { Hub } from "../hub/types.ts";
import { listContractEvents } from "../../db/queries/index.ts";

const MAX_BODY = 512 * 1024;
const ZWait = z.enum(["receipt", "block", "final"]).default("receipt");

type Handler = (hub: Hub, q: URLSearchParams, body: () => Promise<Buffer>, contentType: string) => Promise<unknown> | unknown;

function required(q: URLSearchParams, ...names: string[]): string {
  for (const n of names) {
    const v = q.get(n);
    if (v) return v;
  }
  throw new ChainError(ErrorCode.BadRequest, `The parameter "${names[0]}" is required.`);
}

function heightParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  if (!/^\d{1,15}$/.test(v)) throw new ChainError(ErrorCode.BadRequest, `The parameter "${name}" must be a block height.`);
  return Number(v);
}

const notFound = (what: string) => new ChainError(ErrorCode.NotFound, `No ${what} on this chain.`);

const handlers: Record<string, { method: "GET" | "POST"; handle: Handler }> = {
  getchaininfo: { method: "GET", handle: (hub) => hub.node.info() },
  getblock: {
    method: "GET",
    handle: (hub, q) => {
      const number = heightParam(q, "number") ?? heightParam(q, "height");
      const id = number ?? required(q, "hash");
      return hub.node.getBlock(id) ?? (() => { throw notFound(`block ${id}`); })();
    },
  },
  gettx: {
    method: "GET",
    handle: (hub, q) => {
      const hash = required(q, "hash");
      return hub.node.getTx(hash) ?? (() => { throw notFound(`transaction ${hash}`); })();
    },
  },
  getreceipt: {
    method: "GET",
    handle: (hub, q) => {
      const hash = required(q, "hash");
      return hub.node.getTx(hash)?.receipt ?? (() => { throw notFound(`receipt for ${hash}`); })();
    },
  },
  getbalance: {
    method: "GET",
    handle: (hub, q) => {
      const a = hub.node.getAccount(required(q, "account", "address"), { height: heightParam(q, "height") });
      return { address: a.address, balance: a.balance, nonce: a.nonce, height: a.height };
    },
  },
  getstate: {
    method: "GET",
    handle: (hub, q) => {
      const account = required(q, "account", "address");
      const height = heightParam(q, "height");
      return q.get("proof") === "true" ? hub.node.getAccountProof(account, { height }) : hub.node.getAccount(account, { height });
    },
  },
  sendsignedtransaction: {
    method: "POST",
    handle: async (hub, q, body, contentType) => {
      const raw = await body();
      if (contentType.startsWith("application/octet-stream")) {
        return hub.node.submitTx(new Uint8Array(raw), { wait: ZWait.parse(q.get("wait") ?? undefined) });
      }
      const input = ZSendTxInput.parse(parseJson(raw));
      return hub.node.submitTx(fromHex(input.tx), { wait: input.wait });
    },
  },
  getcontract: { method: "GET", handle: (hub, q) => hub.node.getContract(required(q, "address", "contract")) },
  querycontract: {
    method: "POST",
    handle: async (hub, _q, body) => {
      const input = z
        .object({ address: z.string().max(100), view: z.string().min(1).max(128), args: z.union([z.array(z.unknown()).max(64), z.record(z.string(), z.unknown())]).default([]), height: z.number().int().min(0).optional(), proof: z.boolean().default(false) })
        .parse(parseJson(await body()));
      const at = { height: input.height };
      return input.proof ? hub.node.queryContractProof(input.address, input.view, input.args, at) : hub.node.queryContract(input.address, input.view, input.args, at);
    },
  },
  getcontracttable: {
    method: "GET",
    handle: (hub, q) =>
      hub.node.contractTable(required(q, "address", "contract"), required(q, "table"), {
        height: heightParam(q, "height"),
        limit: heightParam(q, "limit"),
        offset: heightParam(q, "offset"),
      }),
  },
  getevents: {
    method: "GET",
    handle: (hub, q) =>
      listContractEvents(hub.index.db, { contract: required(q, "address", "contract"), name: q.get("event") ?? undefined, fromHeight: heightParam(q, "from"), limit: heightParam(q, "limit") ?? 100 }),
  },
  faucet: {
    method: "POST",
    handle: async (hub, _q, body) => {
      if (!hub.devNetwork) throw new ChainError(ErrorCode.Forbidden, "The faucet runs on the dev network only.");
      const input = z.object({ address: z.string().max(100), amount: z.string().max(60).optional() }).parse(parseJson(await body()));
      return hub.faucet(input.address, input.amount === undefined ? undefined : parseAmount(input.amount));
    },
  },
};

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw new ChainError(ErrorCode.BadRequest, "The request body is not valid JSON.");
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        // Read the rest without keeping it: destroying the socket would lose the 413 answer.
        chunks.length = 0;
        reject(new ChainError(ErrorCode.TxTooLarge, `The request body is over ${MAX_BODY} bytes.`));
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, payload: unknown) {
  const body = JSON.stringify(payload);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** Maps any thrown value to the API's error JSON: `{ error: { code, message } }`, 4xx or 500. */
export function errorResponse(e: unknown): { status: number; body: { error: { code: string; message: string } } } {
  if (isChainError(e)) return { status: httpStatusOf(e.code), body: { error: { code: e.code, message: e.message } } };
  if (e instanceof z.ZodError) {
    const issue = e.issues[0];
    return { status: 400, body: { error: { code: ErrorCode.BadRequest, message: `Invalid ${issue?.path.join(".") || "input"}: ${issue?.message}.` } } };
  }
  if (e instanceof Error && /Hex string/.test(e.message)) return { status: 400, body: { error: { code: ErrorCode.BadRequest, message: e.message } } };
  return { status: 500, body: { error: { code: ErrorCode.Internal, message: "The hub failed to answer; see its log." } } };
}

/** Handles /v1/<endpoint>. */
export async function handleRestV1(hub: Hub, req: IncomingMessage, res: ServerResponse, url: URL, log: (line: string) => void) {
  const name = url.pathname.slice("/v1/".length).toLowerCase();
  const route = handlers[name];
  try {
    if (!route) throw new ChainError(ErrorCode.NotFound, `There is no endpoint /v1/${name.slice(0, 60)}.`);
    if (req.method !== route.method) throw new ChainError(ErrorCode.BadRequest, `Use ${route.method} for /v1/${name}.`);
    const result = await route.handle(hub, url.searchParams, () => readBody(req), String(req.headers["content-type"] ?? ""));
    send(res, 200, result);
  } catch (e) {
    const { status, body } = errorResponse(e);
    if (status >= 500) log(`/v1/${name}: ${e instanceof Error ? e.stack : String(e)}`);
    send(res, status, body);
  }
}
