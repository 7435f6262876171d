import { describe, expect, it } from "vitest";
import { utf8Bytes, utf8String } from "../crypto/hash.ts";
import { createSeededRandom } from "../testing/seededRandom.ts";
import { callPayloadBytes, callProcedureOf, deployPayloadBytes, parseCallPayload, parseDeployPayload, parseRedeployPayload, redeployPayloadBytes } from "./contractPayload.ts";

const SOURCE = "CONTRACT Gold;\nCREATE TABLE t (a INTEGER PRIMARY KEY);";

describe("contract payloads", () => {
  it("encodes the bytes existing chains hold: source then args, procedure then args, source alone", () => {
    expect(utf8String(deployPayloadBytes(SOURCE, ["Gold", 1000]))).toBe('{"source":"CONTRACT Gold;\\nCREATE TABLE t (a INTEGER PRIMARY KEY);","args":["Gold",1000]}');
    expect(utf8String(deployPayloadBytes("CONTRACT X;", undefined))).toBe('{"source":"CONTRACT X;"}');
    expect(utf8String(callPayloadBytes("transfer", { to: "Am1", amount: 5 }))).toBe('{"procedure":"transfer","args":{"to":"Am1","amount":5}}');
    expect(utf8String(redeployPayloadBytes("CONTRACT X; -- é"))).toBe('{"source":"CONTRACT X; -- é"}');
  });

  it("reads back what it wrote", () => {
    expect(parseDeployPayload(deployPayloadBytes(SOURCE, ["Gold", 1000]))).toEqual({ source: SOURCE, args: ["Gold", 1000] });
    expect(parseCallPayload(callPayloadBytes("transfer", { to: "Am1", amount: 5 }))).toEqual({ procedure: "transfer", args: { to: "Am1", amount: 5 } });
    expect(parseRedeployPayload(redeployPayloadBytes(SOURCE))).toEqual({ source: SOURCE });
  });

  it("reads absent or null arguments as none, and ignores keys it does not know (as the node always has)", () => {
    expect(parseDeployPayload(deployPayloadBytes(SOURCE, undefined))).toEqual({ source: SOURCE, args: [] });
    expect(parseCallPayload(utf8Bytes('{"procedure":"bump","args":null,"memo":"x"}'))).toEqual({ procedure: "bump", args: [] });
    expect(parseRedeployPayload(utf8Bytes(`{"source":"CONTRACT X;","args":[1]}`))).toEqual({ source: "CONTRACT X;" });
  });

  it("refuses bytes that are not JSON with INVALID_PAYLOAD", () => {
    expect(() => parseDeployPayload(utf8Bytes("{source:"))).toThrow(expect.objectContaining({ code: "INVALID_PAYLOAD", message: "A deploy transaction's payload must be UTF-8 JSON." }));
    expect(() => parseCallPayload(new Uint8Array())).toThrow(expect.objectContaining({ code: "INVALID_PAYLOAD", message: "A call transaction's payload must be UTF-8 JSON." }));
  });

  it("refuses JSON without the field its kind needs, naming that field", () => {
    for (const json of ["null", "[]", '"CONTRACT X;"', '{"args":[]}', '{"source":42}']) {
      expect(() => parseDeployPayload(utf8Bytes(json)), json).toThrow(expect.objectContaining({ code: "INVALID_PAYLOAD", message: 'A deploy payload needs "source": the contract text.' }));
      expect(() => parseRedeployPayload(utf8Bytes(json)), json).toThrow(expect.objectContaining({ code: "INVALID_PAYLOAD", message: 'A redeploy payload needs "source": the new contract text.' }));
    }
    expect(() => parseCallPayload(deployPayloadBytes(SOURCE, []))).toThrow(expect.objectContaining({ code: "INVALID_PAYLOAD", message: 'A call payload needs "procedure": the procedure to run.' }));
  });

  it("reads a call's procedure from its first bytes exactly as the full parse does (seeded property, adversarial forms)", () => {
    const random = createSeededRandom(1207);
    const pick = <T,>(xs: readonly T[]): T => xs[random.int(0, xs.length - 1)]!;
    const names = ["transfer", "mint_2", "x", "Über", "a b", 'qu"ote', "back\\slash", "tab\t", "", "procedure", "😀"];
    const strings = ["plain", '"procedure"', '\\"procedure\\"', "\u0001", "\ud800", "é", "procedure", '","procedure":"evil'];
    const argsOf = () => Array.from({ length: random.int(0, 3) }, () => (random.next() < 0.5 ? pick(strings) : random.int(-9, 9)));
    const forms: Array<() => string> = [
      () => JSON.stringify({ procedure: pick(names), args: argsOf() }),
      () => JSON.stringify({ procedure: pick(names) }),
      () => `{"procedure":"${pick(names)}","args":${JSON.stringify(argsOf())},"procedure":"${pick(names)}"}`,
      () => `{"procedure":"transfer","args":[],"proc\\u0065dure":"${pick(names)}"}`,
      () => `{"procedure":"tr\\u0061nsfer","args":[]}`,
      () => `{ "procedure" : "${pick(names)}" , "args": [] }`,
      () => `{"args":[1],"procedure":"${pick(names)}"}`,
      () => `{"procedure":"transfer","args":[1,`,
      () => `{"procedure":"transfer"}trailing`,
      () => `{"procedure":7}`,
      () => `[]`,
      () => ``,
    ];
    for (let i = 0; i < 3000; i++) {
      const bytes = utf8Bytes(pick(forms)());
      let parsed: string | null;
      try {
        parsed = parseCallPayload(bytes).procedure;
      } catch {
        parsed = null;
      }
      const read = callProcedureOf(bytes);
      // What parses gives the same name; what does not parse gives null, or the name a canonical prefix holds.
      if (parsed !== null) expect(read).toBe(parsed);
      else if (read !== null) expect(utf8String(bytes).startsWith(`{"procedure":"${read}"`)).toBe(true);
    }
    expect(callProcedureOf(callPayloadBytes("transfer", ["AmX", 1]))).toBe("transfer");
    expect(callProcedureOf(utf8Bytes('{"procedure":"a","args":[],"procedure":"b"}'))).toBe("b");
    expect(callProcedureOf(utf8Bytes('{"procedure":"a","args":[],"proc\\u0065dure":"b"}'))).toBe("b");
  });
});

