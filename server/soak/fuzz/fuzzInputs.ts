/**
 * The fuzzer's inputs, as seeded fast-check arbitraries over every door a client can reach:
 * raw transaction bytes (mutations of valid signed transactions), /v1 bodies and query strings,
 * tRPC inputs, AergoSQL sources to compile and deploy, and `aergo` command lines.
 */
import fc from "fast-check";

/** Valid material the generators mutate; built from the running hub before fuzzing starts. */
export type FuzzMaterial = {
  /** Valid signed transactions (never sent as they are: every mutation changes at least one byte). */
  readonly signedTxs: readonly Uint8Array[];
  readonly addresses: readonly string[];
  readonly hashes: readonly string[];
  readonly restEndpoints: readonly { readonly name: string; readonly method: "GET" | "POST" }[];
  readonly procedures: readonly { readonly name: string; readonly type: "query" | "mutation" }[];
  /** Valid AergoSQL contracts. */
  readonly sources: readonly string[];
};

export type TxMutation = "bitFlips" | "truncate" | "append" | "overwrite" | "splice";

export type FuzzInput =
  | { readonly door: "rawTx"; readonly bytes: Uint8Array; readonly mutation: TxMutation; readonly transport: "hex" | "octet" }
  | { readonly door: "txBody"; readonly body: string; readonly contentType: string }
  | { readonly door: "absurdTx"; readonly field: "nonce" | "amount" | "gasPrice" | "gasLimit" | "chainId" | "payload" | "type"; readonly pick: number }
  | { readonly door: "rest"; readonly method: string; readonly path: string; readonly body?: string; readonly contentType?: string }
  | { readonly door: "trpc"; readonly procedure: string; readonly type: "query" | "mutation"; readonly input: unknown; readonly signedIn: boolean }
  | { readonly door: "contract"; readonly via: "deploy" | "compile"; readonly source: string; readonly args: unknown }
  | { readonly door: "cli"; readonly args: readonly string[] };

const QUERY_NAMES = [
  "number", "hash", "account", "address", "contract", "height", "proof", "txOffset", "txLimit", "table", "column", "key", "limit", "offset",
  "event", "from", "to", "name", "package", "version", "id", "count", "repo", "branch", "source", "target", "sourceRepo", "mode", "resolutions",
  "threeDot", "fromHeight", "toHeight", "toRepo", "wait", "view", "args", "tx", "amount", "buyer", "__proto__", "constructor",
] as const;

/** Strings that broke parsers somewhere once: escapes, numbers out of range, encodings, control characters. */
const NASTY_STRINGS = [
  "", " ", "-1", "0", "1e308", "NaN", "Infinity", "9007199254740993", "18446744073709551616", "0x", "0xzz", "%", "%00", "%zz", "\u0000", "\ud800",
  "null", "true", "[]", "{}", "[1", "{\"a\":", "../../etc/passwd", "a/b/c", "aergo/main", "OWNER/NAME", "main", "'; drop table blocks; --", "<script>", "\u202e",
  "A".repeat(5000), "1".repeat(400), "Am" + "1".repeat(50),
];

const nastyString = (m: FuzzMaterial) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    { weight: 2, arbitrary: fc.constantFrom(...m.addresses, ...m.hashes) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 2, arbitrary: fc.integer({ min: -5, max: 2 ** 31 }).map(String) },
    { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) },
  );

/** Any JSON-ish value, biased towards objects with the keys the API knows. */
const jsonish = (m: FuzzMaterial): fc.Arbitrary<unknown> =>
  fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      { weight: 3, arbitrary: nastyString(m) },
      { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.bigInt().map(String)) },
      { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 4 }) },
      { weight: 3, arbitrary: fc.dictionary(fc.constantFrom(...QUERY_NAMES, "input", "entry", "path", "template", "content"), tie("value"), { maxKeys: 5 }) },
    ),
  })).value;

function mutateTx(m: FuzzMaterial) {
  return fc.record({ base: fc.constantFrom(...m.signedTxs), mutation: fc.constantFrom<TxMutation>("bitFlips", "truncate", "append", "overwrite", "splice"), seed: fc.array(fc.nat(), { minLength: 4, maxLength: 16 }), transport: fc.constantFrom<"hex" | "octet">("hex", "octet") }).map(({ base, mutation, seed, transport }) => {
    const bytes = applyMutation(base, mutation, seed);
    return { door: "rawTx" as const, bytes, mutation, transport };
  });
}

/** Changes `base` deterministically from `seed`; the result always differs from `base`. */
export function applyMutation(base: Uint8Array, mutation: TxMutation, seed: readonly number[]): Uint8Array {
  const at = (i: number, mod: number) => (seed[i % seed.length]! % Math.max(1, mod)) >>> 0;
  const out = Uint8Array.from(base);
  switch (mutation) {
    case "bitFlips": {
      const flips = 1 + at(0, 8);
      const positions = new Set<number>();
      for (let i = 0; i < flips; i++) positions.add(at(i + 1, base.length * 8));
      for (const p of positions) out[p >> 3]! ^= 1 << (p & 7);
      return out;
    }
    case "truncate":
      return out.slice(0, at(0, base.length));
    case "append": {
      const extra = Uint8Array.from({ length: 1 + at(0, 64) }, (_, i) => at(i + 1, 256));
      const grown = new Uint8Array(base.length + extra.length);
      grown.set(base);
      grown.set(extra, base.length);
      return grown;
    }
    case "overwrite": {
      // The header's fields (version, type, nonce, key, flags) are where decoders go wrong.
      const p = at(0, Math.min(base.length, 120));
      out[p] = (out[p]! + 1 + at(1, 255)) & 0xff;
      return out;
    }
    case "splice": {
      const from = at(0, base.length);
      const to = from + 1 + at(1, base.length - from);
      return Uint8Array.from([...base.subarray(0, from), ...base.subarray(to)]);
    }
  }
}

/** JSON bodies of sendSignedTransaction with wrong types, bad hex and huge fields. */
function txBody(m: FuzzMaterial) {
  const hexOf = (b: Uint8Array) => Buffer.from(b).toString("hex");
  const tx = fc.oneof(
    fc.constantFrom(...m.signedTxs).map((b) => hexOf(b).slice(1)), // odd length
    fc.constantFrom(...m.signedTxs).map((b) => `0x${hexOf(b)}zz`),
    fc.constant("ab".repeat(210 * 1024 + 1)), // over the limit
    fc.constant("00".repeat(300)),
    jsonish(m),
  );
  return fc.oneof(
    fc.record({ tx, wait: fc.oneof(fc.constantFrom("receipt", "block", "final", "never", ""), jsonish(m)) }).map((o) => JSON.stringify(o)),
    jsonish(m).map((v) => JSON.stringify(v) ?? "undefined"),
    fc.string({ maxLength: 60 }),
  ).chain((body) => fc.constantFrom("application/json", "text/plain", "application/octet-stream", "").map((contentType) => ({ door: "txBody" as const, body, contentType })));
}

function restCall(m: FuzzMaterial) {
  const query = fc.array(fc.tuple(fc.constantFrom(...QUERY_NAMES), nastyString(m)), { maxLength: 5 }).map((pairs) => {
    const q = new URLSearchParams();
    for (const [k, v] of pairs) q.append(k, v);
    return q.toString();
  });
  const rawQuery = fc.constantFrom("%", "%zz", "a=%E0%A4%A", "&&&==", "hash=%00", "number=1&number=2", "repo=%2F%2F");
  const endpoint = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...m.restEndpoints) },
    { weight: 1, arbitrary: fc.constantFrom("auth/challenge", "auth/key", "auth/signup", "auth/nope", "nope", "getBlock/1", "GETCHAININFO").map((name) => ({ name, method: "POST" as const })) },
  );
  return fc.record({
    endpoint,
    wrongMethod: fc.nat(9).map((n) => n === 0),
    query: fc.oneof({ weight: 6, arbitrary: query }, { weight: 1, arbitrary: rawQuery }),
    body: fc.option(fc.oneof(jsonish(m).map((v) => JSON.stringify(v) ?? ""), fc.string({ maxLength: 80 })), { nil: undefined }),
    contentType: fc.constantFrom("application/json", "text/plain", "application/octet-stream"),
  }).map(({ endpoint, wrongMethod, query, body, contentType }) => {
    const method = wrongMethod ? (endpoint.method === "GET" ? "POST" : "GET") : endpoint.method;
    return { door: "rest" as const, method, path: `/v1/${endpoint.name}${query ? `?${query}` : ""}`, ...(method === "POST" ? { body: body ?? "", contentType } : {}) };
  });
}

function trpcCall(m: FuzzMaterial) {
  return fc.record({ proc: fc.constantFrom(...m.procedures), input: fc.oneof({ weight: 4, arbitrary: jsonish(m) }, { weight: 1, arbitrary: fc.constant(undefined) }), signedIn: fc.boolean() }).map(({ proc, input, signedIn }) => ({
    door: "trpc" as const,
    procedure: proc.name,
    type: proc.type,
    input,
    signedIn,
  }));
}

const SQL_TOKENS = ["BEGIN", "END;", "(", ")", "'", "\"", "--", ";", "SELECT", "PROCEDURE p () AS", "VIEW v () AS SELECT 1;", "CONTRACT X;", ":amount", "SENDER()", "REQUIRE", "zeroblob(1000000000)", "\u0000", "🙂", "ATTACH DATABASE 'x' AS y;", "PRAGMA writable_schema=1;", "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT * FROM c;"];

/** Valid contracts cut, doubled and salted with SQL tokens. */
export function mutateSource(source: string, seed: readonly number[], tokens: readonly string[] = SQL_TOKENS): string {
  const at = (i: number, mod: number) => seed[i % seed.length]! % Math.max(1, mod);
  let s = source;
  for (let i = 0; i < 1 + at(0, 3); i++) {
    const p = at(3 * i + 1, s.length + 1);
    const q = Math.min(s.length, p + at(3 * i + 2, 80));
    switch (at(3 * i + 3, 4)) {
      case 0:
        s = s.slice(0, p) + s.slice(q);
        break;
      case 1:
        s = s.slice(0, p) + s.slice(p, q) + s.slice(p);
        break;
      case 2:
        s = s.slice(0, p) + ` ${tokens[at(3 * i + 3, tokens.length)]!} ` + s.slice(p);
        break;
      default:
        s = s.slice(0, p);
    }
  }
  return s === source ? `${source}\n${tokens[at(0, tokens.length)]}` : s;
}

function contractSource(m: FuzzMaterial) {
  return fc.record({ source: fc.constantFrom(...m.sources), seed: fc.array(fc.nat(), { minLength: 4, maxLength: 12 }), via: fc.constantFrom<"deploy" | "compile">("deploy", "deploy", "deploy", "compile"), args: fc.oneof(fc.constant(["Fuzz", "FZ", 10]), jsonish(m)) }).map(({ source, seed, via, args }) => ({
    door: "contract" as const,
    via,
    source: mutateSource(source, seed),
    args,
  }));
}

const CLI_WORDS = ["keys", "list", "new", "import", "export", "chain", "block", "tx", "balance", "send", "faucet", "deploy", "call", "query", "table", "events", "compile", "repo", "show", "branch", "merge", "diff", "name", "market", "proposal", "stake", "vote", "whoami", "logout", "login"];
const CLI_FLAGS = ["--json", "--from", "--to", "--amount", "--args", "--height", "--at", "--proof", "--repo", "--branch", "--limit", "--event", "--name", "--help", "-h", "--nope", "--amount=-1", "--args=[", "--hub"];

function cliArgs(m: FuzzMaterial) {
  const word = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...CLI_WORDS) }, { weight: 3, arbitrary: fc.constantFrom(...CLI_FLAGS) }, { weight: 2, arbitrary: nastyString(m).filter((s) => !s.includes("\u0000")) });
  return fc.array(word, { minLength: 1, maxLength: 6 }).map((args) => ({ door: "cli" as const, args }));
}

function absurdTx() {
  return fc.record({ field: fc.constantFrom<"nonce" | "amount" | "gasPrice" | "gasLimit" | "chainId" | "payload" | "type">("nonce", "amount", "gasPrice", "gasLimit", "chainId", "payload", "type"), pick: fc.nat() }).map((o) => ({ door: "absurdTx" as const, ...o }));
}

export type DoorShares = { readonly rawTx: number; readonly txBody: number; readonly absurdTx: number; readonly rest: number; readonly trpc: number; readonly contract: number };

/** Every HTTP door, weighted; the CLI is drawn separately (its spawns are slow). */
export function httpFuzzInput(m: FuzzMaterial, shares: DoorShares): fc.Arbitrary<FuzzInput> {
  return fc.oneof(
    { weight: shares.rawTx, arbitrary: mutateTx(m) },
    { weight: shares.txBody, arbitrary: txBody(m) },
    { weight: shares.absurdTx, arbitrary: absurdTx() },
    { weight: shares.rest, arbitrary: restCall(m) },
    { weight: shares.trpc, arbitrary: trpcCall(m) },
    { weight: shares.contract, arbitrary: contractSource(m) },
  );
}

export const cliFuzzInput = (m: FuzzMaterial): fc.Arbitrary<FuzzInput> => cliArgs(m);
