/**
 * The Aergo-compatible REST API under /v1, with the real Aergo web3 endpoint and parameter names
 * (getChainInfo, getBlock?hash|number, getTx?hash, getReceipt?hash, getBalance?account,
 * getState?account, sendSignedTransaction). The transaction hot path lives here, outside Next.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { ZMergeMode, ZMergeResolutions, ZMergeSourceRepo, type MergeMode, type MergeResolution } from "../../chain/repo/mergeRequest.ts";
import { parseAmount } from "../../chain/amount.ts";
import { decodeHash, fromHex } from "../../chain/crypto/hash.ts";
import { ChainError, ErrorCode, isChainError, reasonOf } from "../../chain/errors.ts";
import { MAIN_BRANCH, ROOT_REPO, ZRepoFullName } from "../../chain/repo/names.ts";
import { checkBranchName } from "../../chain/node/refs.ts";
import { ROW_HISTORY_LIMIT_MAX } from "../../chain/node/rowHistory.ts";
import { ZDiffRequest } from "../../chain/repo/diffRequest.ts";
import { checkName } from "../../chain/names/names.ts";
import { resolveAddress } from "../../chain/names/resolveAddress.ts";
import { requireRead, requireWrite } from "../access/policy.ts";
import type { Viewer } from "../access/viewer.ts";
import { assertSameOrigin } from "../auth/csrf.ts";
import { handleAuthRoute } from "../auth/routes.ts";
import { clientIpOf, type HttpPolicy } from "../http/origins.ts";
import { viewerFromRequest } from "../auth/session.ts";
import type { Repository } from "../hub/repositories.ts";
import { diffOf, mergeSourceOf } from "../hub/crossRepo.ts";
import { verifyBlockFor } from "../hub/blockVerification.ts";
import { httpStatusOf } from "../api/errorMap.ts";
import { ZSendTxInput } from "../api/inputs.ts";
import { inputErrorMessage } from "../../chain/inputIssues.ts";
import type { Hub } from "../hub/types.ts";
import { pageContractEvents } from "../../db/queries/index.ts";
import { listMarket, listMarketReviews } from "../../db/queries/market.ts";
import { installListing } from "../market/install.ts";
import { ZBrowseInput, ZInstallInput, ZListingQuery, ZListingRef, ZReviewsInput } from "../market/inputs.ts";
import { listingDetail } from "../market/listingDetail.ts";
import { PROPOSAL_PAGE_MAX } from "../../chain/node/governanceReads.ts";
import { governanceOverview } from "../hub/governance.ts";
import { checkRange, ZBlockTxLimit, ZBlockTxOffset, ZEventLimit, ZTableLimit, ZTableOffset } from "../../chain/readBounds.ts";

const MAX_BODY = 512 * 1024;
const ZWait = z.enum(["receipt", "block", "final"]).default("receipt");
const ZRowHistoryLimit = z.number().int().min(1).max(ROW_HISTORY_LIMIT_MAX);

/** What a handler works on: the repository named by `?repo=` (default the root), already access-checked. */
/** `branch`: `?branch=` (default main), checked after access so an outsider learns nothing of a private repository's refs. */
type RestContext = { readonly hub: Hub; readonly viewer: Viewer; readonly repo: Repository; readonly branch: string; readonly ip: string; readonly header: (name: string, value: string) => void };
type Handler = (ctx: RestContext, q: URLSearchParams, body: () => Promise<Buffer>, contentType: string) => Promise<unknown> | unknown;

function required(q: URLSearchParams, ...names: string[]): string {
  for (const n of names) {
    const v = q.get(n);
    if (v) return v;
  }
  throw new ChainError(ErrorCode.BadRequest, `The parameter "${names[0]}" is required.`);
}

/** A block or transaction hash parameter: base58 of 32 bytes (at most 44 characters, checked before decoding). */
function hashParam(q: URLSearchParams, name: string): string {
  const v = required(q, name);
  if (v.length <= 44) {
    try {
      decodeHash(v);
      return v;
    } catch {
      // refused below, as a longer one is
    }
  }
  throw new ChainError(ErrorCode.BadRequest, `The parameter "${name}" must be a hash: base58 of 32 bytes, at most 44 characters (got ${v.length}).`);
}

function heightParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  if (!/^\d{1,15}$/.test(v)) throw new ChainError(ErrorCode.BadRequest, `The parameter "${name}" must be a block height.`);
  return Number(v);
}

/** A whole-number query parameter checked against its range (chain/readBounds.ts checkRange). */
function rangeParam(q: URLSearchParams, name: string, schema: z.ZodType<number>): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  return checkRange(schema, /^\d{1,16}$/.test(v) ? Number(v) : NaN, name, `"${v.slice(0, 40)}"`);
}

/** `key=` of getContractCell: the row's primary-key values as a JSON array, in key order. */
function keyParam(q: URLSearchParams): unknown[] {
  const raw = required(q, "key");
  let key: unknown;
  try {
    key = JSON.parse(raw);
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length === 0) throw new ChainError(ErrorCode.BadRequest, `The parameter "key" must be the row's primary-key values as a JSON array, e.g. key=["Am…"] or key=[3].`);
  return key;
}

/** getDiff's query parameters as the API's diff request (chain/repo/diffRequest.ts). @throws ChainError BAD_REQUEST, ZodError */
function diffParams(q: URLSearchParams) {
  const flag = q.get("threeDot") ?? "";
  if (!["", "0", "1", "false", "true"].includes(flag)) throw new ChainError(ErrorCode.BadRequest, `The parameter "threeDot" is 1 (what "to" changed since the merge base) or 0.`);
  const optional = (name: string) => q.get(name) || undefined;
  const limit = optional("limit");
  return ZDiffRequest.parse({
    from: { branch: required(q, "from"), height: heightParam(q, "fromHeight") },
    to: { branch: required(q, "to"), height: heightParam(q, "toHeight"), ...(q.get("toRepo") ? { repo: q.get("toRepo") } : {}) },
    threeDot: flag === "1" || flag === "true",
    contract: optional("contract"),
    table: optional("table"),
    limit: limit === undefined ? undefined : /^\d{1,16}$/.test(limit) ? Number(limit) : NaN,
  });
}

/** `mode=automated|consistent` and `resolutions=` (a JSON array of {contract, table, key, take, row?}) of getMergePreview. */
function mergeOptionsParam(q: URLSearchParams): { mode?: MergeMode; resolutions?: MergeResolution[] } {
  const mode = q.get("mode");
  const raw = q.get("resolutions");
  const parsedMode = mode === null || mode === "" ? undefined : ZMergeMode.safeParse(mode);
  if (parsedMode && !parsedMode.success) throw new ChainError(ErrorCode.BadRequest, `The parameter "mode" is "automated" or "consistent", not "${mode!.slice(0, 40)}".`);
  if (raw === null || raw === "") return { mode: parsedMode?.data };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const resolutions = ZMergeResolutions.safeParse(json);
  if (!resolutions.success) throw new ChainError(ErrorCode.BadRequest, `The parameter "resolutions" must be a JSON array of {contract, table, key, take: ours|theirs|base|row, row?}: ${resolutions.error.issues[0]!.message}.`);
  return { mode: parsedMode?.data, resolutions: resolutions.data };
}

/**
 * An account parameter (`account=`, `address=`…) as an address: an address as is, a name resolved
 * on the branch at the read's height (chain/names/resolveAddress.ts, the one rule).
 */
function accountParam({ repo, branch }: RestContext, q: URLSearchParams, height: number | undefined, ...names: string[]): string {
  return resolveAddress(required(q, ...names), (name) => repo.node.resolveName(name, { branch, height }));
}

/** An optional `OWNER/NAME` parameter. @throws ChainError BAD_REQUEST */
function repoParam(q: URLSearchParams, name: string): string | undefined {
  const raw = q.get(name);
  if (raw === null || raw === "") return undefined;
  const parsed = ZMergeSourceRepo.safeParse(raw);
  if (!parsed.success) throw new ChainError(ErrorCode.BadRequest, `The parameter "${name}" is a repository OWNER/NAME, not "${raw.slice(0, 80)}".`);
  return parsed.data;
}

/** Query parameters of the governance getters (strings in, numbers out, ranges checked). */
const ZQueryInt = (max: number) => z.string().regex(/^\d{1,15}$/, "a whole number").transform(Number).pipe(z.number().max(max));
const ZProposalsQuery = z.object({ offset: ZQueryInt(1_000_000).optional(), limit: ZQueryInt(PROPOSAL_PAGE_MAX).pipe(z.number().min(1)).optional(), height: ZQueryInt(Number.MAX_SAFE_INTEGER).optional() });
const ZProposalQuery = z.object({ id: z.string().min(30).max(60), height: ZQueryInt(Number.MAX_SAFE_INTEGER).optional() });
const ZVotesQuery = z.object({ count: ZQueryInt(101).pipe(z.number().min(1)).optional() });
const queryOf = (q: URLSearchParams, names: readonly string[]) => Object.fromEntries(names.flatMap((n) => (q.get(n) ? [[n, q.get(n)]] : [])));

const notFound = (what: string) => new ChainError(ErrorCode.NotFound, `No ${what} on this chain.`);

/** `write`: the handler changes a repository's chain, so the viewer must be one of its writers. */
const handlers: Record<string, { method: "GET" | "POST"; write?: boolean; handle: Handler }> = {
  /** What merging `source` into `target` would do now (applied and excluded transactions, digest). */
  getmergepreview: {
    method: "GET",
    // `sourceRepo=OWNER/NAME`: the source is a branch of this repository's fork or origin.
    handle: ({ repo, hub, viewer }, q) => {
      const source = mergeSourceOf(repo, checkBranchName(required(q, "source")), repoParam(q, "sourceRepo"), (name) => requireRead(hub.repos, viewer, name));
      return repo.node.previewMerge(source, checkBranchName(required(q, "target")), mergeOptionsParam(q));
    },
  },
  /**
   * Row-level diff of two chain points: `from`, `to` (branches), `fromHeight`, `toHeight`
   * (default their heads), `threeDot=1` (what `to` changed since the merge base), `contract`,
   * `table`, `limit` (1 to 5,000 rows), `toRepo` (`to` is a branch of this repository's fork or origin).
   */
  getdiff: { method: "GET", handle: ({ repo, hub, viewer }, q) => diffOf(repo, diffParams(q), (name) => requireRead(hub.repos, viewer, name)) },
  /** The repository's branches: name, head, base, pending transactions. */
  getbranches: { method: "GET", handle: ({ repo }) => repo.node.listBranches() },
  getchaininfo: { method: "GET", handle: ({ repo, branch }) => repo.node.info({ branch }) },
  getblock: {
    method: "GET",
    handle: ({ repo, branch }, q) => {
      const number = heightParam(q, "number") ?? heightParam(q, "height");
      const id = number ?? hashParam(q, "hash");
      const page = {
        branch,
        txOffset: rangeParam(q, "txOffset", ZBlockTxOffset),
        txLimit: rangeParam(q, "txLimit", ZBlockTxLimit),
      };
      return repo.node.getBlockPage(id, page) ?? (() => { throw notFound(`block ${id}`); })();
    },
  },
  /**
   * Re-executes a sealed block (`number`) from its parent's state and compares its roots
   * (chain/node/verifyBlock.ts), for signed-in people and bounded blocks (server/hub/blockVerification.ts).
   */
  verifyblock: {
    method: "GET",
    handle: ({ repo, branch, viewer }, q) => {
      const number = heightParam(q, "number") ?? heightParam(q, "height");
      if (number === undefined) throw new ChainError(ErrorCode.BadRequest, `The parameter "number" is required.`);
      return verifyBlockFor(viewer, repo.node, branch, number);
    },
  },
  gettx: {
    method: "GET",
    handle: ({ repo, branch }, q) => {
      const hash = hashParam(q, "hash");
      return repo.node.getTx(hash, { branch }) ?? (() => { throw notFound(`transaction ${hash}`); })();
    },
  },
  getreceipt: {
    method: "GET",
    handle: ({ repo, branch }, q) => {
      const hash = hashParam(q, "hash");
      return repo.node.getTx(hash, { branch })?.receipt ?? (() => { throw notFound(`receipt for ${hash}`); })();
    },
  },
  getbalance: {
    method: "GET",
    handle: (ctx, q) => {
      const height = heightParam(q, "height");
      const a = ctx.repo.node.getAccount(accountParam(ctx, q, height, "account", "address"), { branch: ctx.branch, height });
      return { address: a.address, balance: a.balance, nonce: a.nonce, height: a.height };
    },
  },
  getstate: {
    method: "GET",
    handle: (ctx, q) => {
      const { repo, branch } = ctx;
      const height = heightParam(q, "height");
      const account = accountParam(ctx, q, height, "account", "address");
      return q.get("proof") === "true" ? repo.node.getAccountProof(account, { branch, height }) : repo.node.getAccount(account, { branch, height });
    },
  },
  sendsignedtransaction: {
    method: "POST",
    write: true,
    handle: async ({ repo, branch }, q, body, contentType) => {
      const raw = await body();
      if (contentType.startsWith("application/octet-stream")) {
        return repo.node.submitTx(new Uint8Array(raw), { branch, wait: ZWait.parse(q.get("wait") ?? undefined) });
      }
      const input = ZSendTxInput.parse(parseJson(raw));
      return repo.node.submitTx(fromHex(input.tx), { branch, wait: input.wait });
    },
  },
  getcontract: { method: "GET", handle: (ctx, q) => ctx.repo.node.getContract(accountParam(ctx, q, undefined, "address", "contract"), { branch: ctx.branch }) },
  /**
   * Aergo's getNameInfo: the name's owner and destination at the branch's latest state or after
   * block `height`; a free name answers with null owner and destination (Aergo answers an empty record).
   */
  getnameinfo: {
    method: "GET",
    handle: ({ repo, branch }, q) => {
      const name = checkName(required(q, "name"));
      const height = heightParam(q, "height");
      return repo.node.getName(name, { branch, height }) ?? { name, owner: null, destination: null, registeredAt: null, height: repo.node.getNamePrice({ branch, height }).height, pending: false };
    },
  },
  /** What a name costs now (a chain parameter) and the name account it is paid to. */
  getnameprice: { method: "GET", handle: ({ repo, branch }, q) => repo.node.getNamePrice({ branch, height: heightParam(q, "height") }) },
  /** Chain-parameter proposals, newest first, with tallies: `offset`, `limit` (1 to 100), `height`. */
  getproposals: { method: "GET", handle: ({ repo, branch }, q) => repo.node.getProposals({ branch, ...ZProposalsQuery.parse(queryOf(q, ["offset", "limit", "height"])) }) },
  /** One proposal by `id` (the proposing transaction's hash), at `height` if given. */
  getproposal: {
    method: "GET",
    handle: ({ repo, branch }, q) => {
      const { id, height } = ZProposalQuery.parse(queryOf(q, ["id", "height"]));
      return repo.node.getProposal(id, { branch, height }) ?? (() => { throw notFound(`proposal ${id}`); })();
    },
  },
  /** Aergo's getStaking: an account's stake (and, here, its producer votes and stake lock). */
  getstaking: {
    method: "GET",
    handle: (ctx, q) => {
      const height = heightParam(q, "height");
      return ctx.repo.node.getStaking(accountParam(ctx, q, height, "account", "address"), { branch: ctx.branch, height });
    },
  },
  /** Aergo's getVotes: the candidates by voted stake (`count`, default all), the producers, and the epoch clock. */
  getvotes: {
    method: "GET",
    handle: ({ repo }, q) => {
      const { count } = ZVotesQuery.parse(queryOf(q, ["count"]));
      const o = governanceOverview(repo.node);
      return { candidates: o.candidates.slice(0, count), producers: o.producers, clock: o.clock, height: o.height };
    },
  },
  querycontract: {
    method: "POST",
    handle: async (ctx, _q, body) => {
      const { repo, branch } = ctx;
      const input = z
        .object({ address: z.string().max(100), view: z.string().min(1).max(128), args: z.union([z.array(z.unknown()).max(64), z.record(z.string(), z.unknown())]).default([]), height: z.number().int().min(0).optional(), proof: z.boolean().default(false) })
        .parse(parseJson(await body()));
      const at = { branch, height: input.height };
      const address = resolveAddress(input.address, (name) => repo.node.resolveName(name, at));
      return input.proof ? repo.node.queryContractProof(address, input.view, input.args, at) : repo.node.runView(address, input.view, input.args, at);
    },
  },
  /** One page: at most `limit` rows (1 to 1,000) and 4 MiB; long cells cut (fetch them with getContractCell). */
  getcontracttable: {
    method: "GET",
    handle: (ctx, q) =>
      ctx.repo.node.contractTable(accountParam(ctx, q, heightParam(q, "height"), "address", "contract"), required(q, "table"), {
        branch: ctx.branch,
        height: heightParam(q, "height"),
        limit: rangeParam(q, "limit", ZTableLimit),
        offset: rangeParam(q, "offset", ZTableOffset),
      }),
  },
  /** One whole cell: `key` is the row's primary-key values as a JSON array (the page's `primaryKey` columns). */
  getcontractcell: {
    method: "GET",
    handle: (ctx, q) => ctx.repo.node.contractCell(accountParam(ctx, q, heightParam(q, "height"), "address", "contract"), required(q, "table"), required(q, "column"), keyParam(q), { branch: ctx.branch, height: heightParam(q, "height") }),
  },
  /**
   * Row history: `key` as in getContractCell; versions newest first (at most `limit`, 1 to 100),
   * `before=` a previous answer's `nextBefore` for older ones.
   */
  getrowhistory: {
    method: "GET",
    handle: (ctx, q) =>
      ctx.repo.node.rowHistory(accountParam(ctx, q, undefined, "address", "contract"), required(q, "table"), keyParam(q), {
        branch: ctx.branch,
        before: heightParam(q, "before"),
        limit: rangeParam(q, "limit", ZRowHistoryLimit),
      }),
  },
  /** An array of at most `limit` events (1 to 1,000) and 4 MiB; `x-aergo-truncated: true` when bytes ended it early. */
  getevents: {
    method: "GET",
    handle: async (ctx, q) => {
      const { hub, repo, branch, header } = ctx;
      const limit = rangeParam(q, "limit", ZEventLimit) ?? 100;
      const page = await pageContractEvents(hub.index.db, { repo: repo.fullName, lineage: repo.lineage(branch), contract: accountParam(ctx, q, undefined, "address", "contract"), name: q.get("event") ?? undefined, fromHeight: heightParam(q, "from"), limit });
      if (page.truncated) header("x-aergo-truncated", "true");
      return page.events;
    },
  },
  /**
   * The marketplace (root chain, whatever `repo` says: docs/market.md). getMarketListings:
   * `q`, `tag`, `price=free|paid`, `sort=new|installs|rating|sales|price`, `limit`, `offset`.
   */
  getmarketlistings: {
    method: "GET",
    handle: ({ hub }, q) => {
      const num = (name: string) => (q.get(name) ? (/^\d{1,6}$/.test(q.get(name)!) ? Number(q.get(name)) : NaN) : undefined);
      const input = ZBrowseInput.parse({ q: q.get("q") ?? undefined, tag: q.get("tag") || undefined, price: q.get("price") || undefined, sort: q.get("sort") || undefined, limit: num("limit"), offset: num("offset") });
      return listMarket(hub.index.db, { ...input, repo: ROOT_REPO });
    },
  },
  /** A version (default: the newest not marked unsafe) with its sources, ABI and the package's versions. */
  getmarketlisting: { method: "GET", handle: ({ hub }, q) => listingDetail(hub, ZListingQuery.parse({ package: required(q, "package"), version: q.get("version") || undefined })) },
  /** A buyer's purchase of a version (`buyer` an address or a name on the root chain), or null. */
  getmarketpurchase: {
    method: "GET",
    handle: ({ hub }, q) => {
      const ref = ZListingRef.parse({ package: required(q, "package"), version: required(q, "version") });
      const buyer = resolveAddress(required(q, "buyer", "address"), (name) => hub.node.resolveName(name));
      return hub.node.marketAt().purchase(ref.package, ref.version, buyer);
    },
  },
  getmarketreviews: {
    method: "GET",
    handle: ({ hub }, q) => {
      const input = ZReviewsInput.parse({ package: required(q, "package"), version: q.get("version") || undefined });
      return listMarketReviews(hub.index.db, ROOT_REPO, input.package, input.version, input.limit);
    },
  },
  /** Copies a bought version into the repository (`repo`, `branch`) the caller writes to: {package, version, replace?}. */
  installmarketlisting: {
    method: "POST",
    write: true,
    handle: async ({ hub, viewer, repo, branch }, _q, body) => {
      const input = ZInstallInput.parse(parseJson(await body()));
      return installListing(hub, viewer, { package: input.package, version: input.version, repo, branch, replace: input.replace });
    },
  },
  faucet: {
    method: "POST",
    handle: async ({ hub, ip }, _q, body) => {
      const input = z.object({ address: z.string().max(100), amount: z.string().max(60).optional() }).parse(parseJson(await body()));
      return hub.faucetDoor.drip({ address: input.address, amountAer: input.amount === undefined ? undefined : parseAmount(input.amount), ip });
    },
  },
};

/**
 * Every /v1 chain endpoint (lowercase, as routed) with its method and whether it writes: what the
 * access matrix and the fuzzer enumerate so that a new endpoint cannot ship unclassified. `auth/*` is separate.
 */
export const REST_ENDPOINTS: readonly { readonly name: string; readonly method: "GET" | "POST"; readonly write: boolean }[] = Object.freeze(
  Object.entries(handlers).map(([name, route]) => Object.freeze({ name, method: route.method, write: route.write === true })),
);

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
export function errorResponse(e: unknown): { status: number; body: { error: { code: string; message: string; reason?: string } } } {
  if (isChainError(e)) {
    const reason = reasonOf(e);
    return { status: httpStatusOf(e.code), body: { error: { code: e.code, message: e.message, ...(reason ? { reason } : {}) } } };
  }
  if (e instanceof z.ZodError) {
    return { status: 400, body: { error: { code: ErrorCode.BadRequest, message: inputErrorMessage(e) } } };
  }
  if (e instanceof Error && /Hex string/.test(e.message)) return { status: 400, body: { error: { code: ErrorCode.BadRequest, message: e.message } } };
  return { status: 500, body: { error: { code: ErrorCode.Internal, message: "The hub failed to answer; see its log." } } };
}

/**
 * The repository a request names: `?repo=OWNER/NAME` or the `x-aergo-repo` header (the CLI's
 * `--repo`), the root repository when neither is given.
 */
/** `?branch=` or the x-aergo-branch header (the CLI's --branch), default main. @throws ChainError BAD_REQUEST */
function branchNameOf(req: IncomingMessage, q: URLSearchParams): string {
  const raw = q.get("branch") ?? (typeof req.headers["x-aergo-branch"] === "string" ? req.headers["x-aergo-branch"] : null);
  return raw === null || raw === "" ? MAIN_BRANCH : checkBranchName(raw);
}

function repoNameOf(req: IncomingMessage, q: URLSearchParams): string {
  const raw = q.get("repo") ?? (typeof req.headers["x-aergo-repo"] === "string" ? req.headers["x-aergo-repo"] : null);
  if (raw === null || raw === "") return ROOT_REPO;
  const parsed = ZRepoFullName.safeParse(raw);
  if (!parsed.success) throw new ChainError(ErrorCode.BadRequest, `"${raw.slice(0, 110)}" is not a repository name (OWNER/NAME).`);
  return parsed.data;
}

/**
 * Sign-in doors take JSON from the hub's own pages or from non-browser clients only. A browser
 * sends Origin on every cross-site POST, and requiring application/json means a cross-site page
 * cannot send one without a CORS preflight, which the hub never approves (a text/plain form post
 * would otherwise slip through as a "simple" request).
 * @throws ChainError FORBIDDEN (foreign origin), BAD_REQUEST (not JSON)
 */
function assertAuthRequest(req: IncomingMessage, http: HttpPolicy): void {
  const origin = typeof req.headers.origin === "string" ? req.headers.origin : undefined;
  if (origin !== undefined && !http.origins.isOwn(origin)) {
    throw new ChainError(ErrorCode.Forbidden, `Sign-up and sign-in are accepted from the hub's own pages (${http.origins.canonical}) only; if the hub is served under another address, set AUTH_URL to it.`);
  }
  if (!String(req.headers["content-type"] ?? "").toLowerCase().startsWith("application/json")) {
    throw new ChainError(ErrorCode.BadRequest, "Send the sign-in request as JSON (content-type: application/json).");
  }
}

/** Handles /v1/<endpoint>: sign-in routes, then every chain endpoint through access control. */
export async function handleRestV1(hub: Hub, req: IncomingMessage, res: ServerResponse, url: URL, log: (line: string) => void, http: HttpPolicy) {
  const name = url.pathname.slice("/v1/".length).toLowerCase();
  const route = handlers[name];
  try {
    assertSameOrigin(req.method ?? "GET", req.headers);
    if (name.startsWith("auth/")) {
      if (req.method !== "POST") throw new ChainError(ErrorCode.BadRequest, `Use POST for /v1/${name}.`);
      assertAuthRequest(req, http);
      const raw = await readBody(req);
      send(res, 200, await handleAuthRoute(name.slice("auth/".length), raw.length ? parseJson(raw) : {}, { ip: clientIpOf(req, http), origin: http.origins.originFor(req.headers) }));
      return;
    }
    if (!route) throw new ChainError(ErrorCode.NotFound, `There is no endpoint /v1/${name.slice(0, 60)}.`);
    if (req.method !== route.method) throw new ChainError(ErrorCode.BadRequest, `Use ${route.method} for /v1/${name}.`);
    const viewer = await viewerFromRequest({ cookie: req.headers.cookie, authorization: req.headers.authorization }, hub.people);
    const repoName = repoNameOf(req, url.searchParams);
    const repo = route.write ? requireWrite(hub.repos, viewer, repoName) : requireRead(hub.repos, viewer, repoName);
    const branch = branchNameOf(req, url.searchParams);
    repo.node.getBranch(branch);
    const result = await route.handle({ hub, viewer, repo, branch, ip: clientIpOf(req, http), header: (n, v) => res.setHeader(n, v) }, url.searchParams, () => readBody(req), String(req.headers["content-type"] ?? ""));
    send(res, 200, result);
  } catch (e) {
    const { status, body } = errorResponse(e);
    if (status >= 500) log(`/v1/${name}: ${e instanceof Error ? e.stack : String(e)}`);
    send(res, status, body);
  }
}
