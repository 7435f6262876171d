import { describe, expect, it } from "vitest";
import { auditRows, describeAction } from "./auditTrail";

const ALICE = "AmPa4aKrJed3DCZsSPWpzYb8d3bvkBVjhMthFe8kC7MDdrgX3Zob";
const BOB = "AmQP5KzwiYgSJame22cQvgL5L29rkfqioXFYf6TA9iNmzhd8AbNF";

describe("the audit trail", () => {
  it("merges directory entries and deploys newest first, naming people by username", () => {
    const rows = auditRows({
      directory: [
        { height: 1, hash: "b", time: 2000, signer: ALICE, signerUsername: "alice", entry: { action: { kind: "invite", username: "bob", address: BOB, role: "writer" } } },
        { height: 0, hash: "a", time: 1000, signer: ALICE, signerUsername: "alice", entry: { action: { kind: "create", repo: "alice/ledger", visibility: "private", description: "", owner: { username: "alice", address: ALICE }, producers: [], chainId: "hub/alice/ledger" } } },
      ],
      deploys: [
        { address: "AmContract1", name: "Registry", creator: BOB, deployTx: "tx1", deployHeight: 7 },
        { address: "AmContract2", name: "Token", creator: BOB, deployTx: "tx2", deployHeight: 9 },
      ],
      blockTimes: new Map([[7, 3000]]),
      usernameOf: (a) => (a === BOB ? "bob" : null),
    });
    expect(rows.map((r) => [r.kind, r.actor, r.time])).toEqual([
      ["deploy", "bob", null],
      ["deploy", "bob", 3000],
      ["invite", "alice", 2000],
      ["create", "alice", 1000],
    ]);
    expect(rows[2]!.details).toBe("invited bob as writer");
    expect(rows[1]!.details).toContain("deployed Registry at AmContract1");
  });

  it("describes every kind of change in words", () => {
    expect(describeAction({ kind: "setRole", username: "bob", role: "admin" })).toBe("made bob admin");
    expect(describeAction({ kind: "remove", username: "bob" })).toBe("removed bob");
    expect(describeAction({ kind: "setVisibility", visibility: "public" })).toBe("made the repository public");
    expect(describeAction({ kind: "setDescription", description: "" })).toBe("cleared the description");
    expect(describeAction({ kind: "setProducers", producers: [ALICE] }, () => "producer-1")).toBe("set the producers to producer-1");
  });
});
