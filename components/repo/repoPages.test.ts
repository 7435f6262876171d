import { describe, expect, it } from "vitest";
import { contractHref, contractTableInput } from "@/components/explorer/ContractQueries";
import { callCommand } from "@/components/explorer/ContractWrite";
import { parseConstructorArgs } from "./DeployPanel";
import { repoNameProblem } from "./NewRepoForm";
import { chainHref, repoHref, withRepo } from "./repoPaths";

describe("repository URLs", () => {
  it("keep the root repository's short explorer URLs and put others under /OWNER/NAME", () => {
    expect(repoHref("aergo/main", "/contract/X")).toBe("/contract/X");
    expect(repoHref(undefined, "/contract/X")).toBe("/contract/X");
    expect(repoHref("alice/ledger", "/contract/X")).toBe("/alice/ledger/contract/X");
    expect(contractHref("X", "tables", { table: "t" }, "alice/ledger")).toBe("/alice/ledger/contract/X?tab=tables&table=t");
  });

  it("never link a repository's block to the root chain's page of the same height", () => {
    expect(chainHref("aergo/main", "/block/1")).toBe("/block/1");
    expect(chainHref("alice/ledger", "/block/1")).toBeUndefined();
  });

  it("name the repository in query inputs only when there is one (root query keys stay as they were)", () => {
    expect(withRepo(undefined, { address: "X" })).toEqual({ address: "X" });
    expect(contractTableInput("X", "t", 0, undefined, "alice/ledger")).toEqual({ repo: "alice/ledger", address: "X", table: "t", limit: 50, offset: 0 });
  });
});

describe("the Write tab's CLI command", () => {
  it("adds --repo outside the root repository", () => {
    expect(callCommand({ address: "X", procedure: "p", from: "dev-1", args: [1], amount: "", hub: null, repo: "alice/ledger" })).toBe("npx aergo call X p --from dev-1 --repo alice/ledger --args '[1]'");
    expect(callCommand({ address: "X", procedure: "p", from: "dev-1", args: [], amount: "", hub: null, repo: "aergo/main" })).toBe("npx aergo call X p --from dev-1");
  });
});

describe("form checks", () => {
  it("accept constructor arguments as a JSON array or object, nothing else", () => {
    expect(parseConstructorArgs("")).toEqual({ ok: true, args: [] });
    expect(parseConstructorArgs('["T", 5]')).toEqual({ ok: true, args: ["T", 5] });
    expect(parseConstructorArgs('{"supply": 5}')).toEqual({ ok: true, args: { supply: 5 } });
    expect(parseConstructorArgs("3").ok).toBe(false);
    expect(parseConstructorArgs("[").ok).toBe(false);
  });

  it("refuse repository names the hub would refuse, saying why", () => {
    expect(repoNameProblem("alice", "ledger")).toBeNull();
    expect(repoNameProblem("alice", "")).toMatch(/name/);
    expect(repoNameProblem("alice", "Ledger")).toMatch(/lowercase/);
    expect(repoNameProblem("alice", "a b")).toMatch(/not a valid/);
  });
});
