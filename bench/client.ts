import http from "node:http";
import net from "node:net";
import { devKeyPair, type KeyPair } from "../chain/crypto/keys.ts";
import { decodeHash, toHex } from "../chain/crypto/hash.ts";
import { callPayloadBytes } from "../chain/exec/contractPayload.ts";
import { decodeTx, intrinsicGas, txSigningBytes, type SignedTx } from "../chain/tx/tx.ts";
import { useNodeCrypto } from "../chain/crypto/nodeCrypto.ts";
import { signMessage } from "../chain/crypto/signature.ts";

// The benchmark's own client must not be the bottleneck it measures: it signs as the hub does
// (libsecp256k1 where its binding loads; the same signatures as the pure-JS signer).
useNodeCrypto();

const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });

/** One HTTP request over a kept-alive socket; resolves with status and parsed JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- benchmark reads loosely shaped JSON
export function request(url: string, method: "GET" | "POST", body?: Uint8Array | string, contentType = "application/json"): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method, agent, headers: body ? { "content-type": contentType, "content-length": Buffer.byteLength(body as Buffer) } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          try {
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) });
          } catch {
            resolve({ status: res.statusCode ?? 0, json: text });
          }
        });
      },
    );
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

/**
 * One kept-alive HTTP/1.1 connection that carries one request at a time, written and parsed by
 * hand (what load generators such as wrk do). The transfer benchmark's senders use it: node's
 * http client spent ~150 µs of CPU per request here, and the client shares the 2 cores with the
 * hub it measures. Answers must carry a Content-Length (the hub's /v1 answers do).
 */
export function openConnection(hub: string) {
  const u = new URL(hub);
  const socket = net.connect({ host: u.hostname, port: Number(u.port) });
  socket.setNoDelay(true);
  let pending: Buffer | null = null;
  let waiter: { resolve: (r: { status: number; json: any }) => void; reject: (e: Error) => void } | null = null; // eslint-disable-line @typescript-eslint/no-explicit-any -- loosely shaped JSON, as request()
  const fail = (e: Error) => {
    const w = waiter;
    waiter = null;
    w?.reject(e);
  };
  socket.on("error", fail);
  socket.on("close", () => fail(new Error("the hub closed the connection")));
  socket.on("data", (chunk: Buffer) => {
    pending = pending ? Buffer.concat([pending, chunk]) : chunk;
    const end = pending.indexOf("\r\n\r\n");
    if (end < 0) return;
    const head = pending.toString("latin1", 0, end);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (!length) return fail(new Error(`an answer without Content-Length: ${head.split("\r\n")[0]}`));
    const bodyEnd = end + 4 + Number(length[1]);
    if (pending.length < bodyEnd) return;
    const text = pending.toString("utf8", end + 4, bodyEnd);
    pending = pending.length > bodyEnd ? pending.subarray(bodyEnd) : null;
    const w = waiter;
    waiter = null;
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON: the text as it came */
    }
    w?.resolve({ status: Number(head.slice(9, 12)), json });
  });
  const host = `${u.hostname}:${u.port}`;
  return {
    /** POSTs `body` to `path` and resolves with the status and parsed JSON (one request in flight). */
    post(path: string, body: Uint8Array, contentType = "application/octet-stream"): Promise<{ status: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- as request()
      if (waiter) return Promise.reject(new Error("one request at a time on a connection"));
      return new Promise((resolve, reject) => {
        waiter = { resolve, reject };
        const head = Buffer.from(`POST ${path} HTTP/1.1\r\nhost: ${host}\r\ncontent-type: ${contentType}\r\ncontent-length: ${body.length}\r\n\r\n`, "latin1");
        socket.write(Buffer.concat([head, body]));
      });
    },
    /** Sends a signed transaction's bytes, as sendRaw does. */
    sendRaw(tx: SignedTx) {
      return this.post("/v1/sendSignedTransaction", tx.bytes);
    },
    close() {
      socket.destroy();
    },
  };
}

export type ChainParams = { chainIdHash: string; minGasPrice: bigint };

export async function chainParams(hub: string): Promise<ChainParams> {
  const { json } = await request(`${hub}/v1/getChainInfo`, "GET");
  return { chainIdHash: json.chainIdHash, minGasPrice: BigInt(json.minGasPrice.aer) };
}

/** Pre-signs `count` transfers from `key`, nonces `firstNonce`…, to `to`. */
export function signTransfers(key: KeyPair, to: string, count: number, firstNonce: number, params: ChainParams): SignedTx[] {
  return signMany(key, count, firstNonce, params, () => ({ type: "transfer", to, amount: 1000n, payload: new Uint8Array(), gasLimit: intrinsicGas({ payload: new Uint8Array() }) }));
}

/** Pre-signs `count` contract calls `procedure(args(i))` on `contract`. */
export function signCalls(key: KeyPair, contract: string, procedure: string, args: (i: number) => unknown[], count: number, firstNonce: number, params: ChainParams): SignedTx[] {
  return signMany(key, count, firstNonce, params, (i) => {
    const payload = callPayloadBytes(procedure, args(i));
    return { type: "call", to: contract, amount: 0n, payload, gasLimit: 1_000_000 };
  });
}

type BodyPart = { type: "transfer" | "call" | "deploy" | "redeploy"; to: string | null; amount: bigint; payload: Uint8Array; gasLimit: number };

export function signMany(key: KeyPair, count: number, firstNonce: number, params: ChainParams, part: (i: number) => BodyPart): SignedTx[] {
  const chainIdHash = decodeHash(params.chainIdHash);
  const out: SignedTx[] = [];
  for (let i = 0; i < count; i++) {
    const body = { ...part(i), chainIdHash, nonce: firstNonce + i, from: key.address, gasPrice: params.minGasPrice };
    const signingBytes = txSigningBytes(body);
    const sig = signMessage(signingBytes, key.privateKey);
    const bytes = new Uint8Array(signingBytes.length + 64);
    bytes.set(signingBytes);
    bytes.set(sig, signingBytes.length);
    out.push(decodeTx(bytes));
  }
  return out;
}

/**
 * Funds `addresses` with `amount` AERGO each by transfers signed with the dev network's sale
 * allocation key (well known, like every dev key): the public faucet is capped and rate limited,
 * and a benchmark needs more than it gives.
 */
export async function fundAccounts(hub: string, addresses: string[], amount = "10000") {
  const funder = devKeyPair("genesis-sale");
  const params = await chainParams(hub);
  const { json: state } = await request(`${hub}/v1/getState?account=${funder.address}`, "GET");
  const value = BigInt(amount) * 10n ** 18n;
  const txs = signMany(funder, addresses.length, Number(state.nonce) + 1, params, (i) => ({ type: "transfer", to: addresses[i]!, amount: value, payload: new Uint8Array(), gasLimit: intrinsicGas({ payload: new Uint8Array() }) }));
  for (const tx of txs) {
    const r = await sendRaw(hub, tx);
    if (r.status !== 200 || r.json.status !== "success") throw new Error(`funding failed: ${JSON.stringify(r.json)}`);
  }
  // Wait until the funding is sealed so the senders start from a clean pending block.
  const last = addresses[addresses.length - 1]!;
  for (;;) {
    const { json } = await request(`${hub}/v1/getState?account=${last}`, "GET");
    if (json.pending === false && json.balance.aer !== "0") return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function sendRaw(hub: string, tx: SignedTx) {
  return request(`${hub}/v1/sendSignedTransaction`, "POST", tx.bytes, "application/octet-stream");
}

export async function waitSealed(hub: string, hashes: string[]) {
  for (const h of hashes) {
    for (;;) {
      const { json } = await request(`${hub}/v1/getTx?hash=${h}`, "GET");
      if (json.state && json.state !== "pending") break;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

export const benchKeys = (n: number, tag: string) => Array.from({ length: n }, (_, i) => devKeyPair(`bench-${tag}-${i}`));
export { toHex };
