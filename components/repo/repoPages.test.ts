import { describe, expect, it } from "vitest";
import { contractHref, contractTableInput } from "@/components/explorer/ContractQueries";
import { callCommand } from "@/components/explorer/ContractWrite";
import { streamUrl } from "@/components/explorer/chainStream";
import { explainNotFound } from "@/components/explorer/NotFoundView";
import { addressTxsInput, chainInfoInput } from "@/components/explorer/queries";
import { parseConstructorArgs } from "./constructorArgs";
import { repoNameProblem } from "./NewRepoForm";
import { branchHeightProblem, branchNameProblem } from "./NewBranchForm";
import { branchParam, chainHref, repoFromPathname, repoHref, withBranch, withRepo } from "./repoPaths";
import { repoContractsInput } from "./repoQueries";
import { switchBranchHref } from "./useRepoBranch";

describe("repository URLs", () => {
  it("keep the root repository's short explorer URLs and put others under /OWNER/NAME", () => {
    expect(repoHref("aergo/main", "/contract/X")).toBe("/contract/X");
    expect(repoHref(undefined, "/contract/X")).toBe("/contract/X");
    expect(repoHref("alice/ledger", "/contract/X")).toBe("/alice/ledger/contract/X");
    expect(contractHref("X", "tables", { table: "t" }, "alice/ledger")).toBe("/alice/ledger/contract/X?tab=tables&table=t");
  });

  it("link a repository's blocks, txs and accounts to its own chain's pages, never the root's of the same height", () => {
    expect(chainHref("aergo/main", "/block/1")).toBe("/block/1");
    expect(chainHref(undefined, "/tx/H")).toBe("/tx/H");
    expect(chainHref("alice/ledger", "/block/1")).toBe("/alice/ledger/block/1");
    expect(chainHref("alice/ledger", "/address/A?beforeHeight=3")).toBe("/alice/ledger/address/A?beforeHeight=3");
  });

  it("tell which repository a page is in from its path, so the live stream follows that chain", () => {
    expect(repoFromPathname("/alice/ledger")).toBe("alice/ledger");
    expect(repoFromPathname("/Alice/Ledger/block/7")).toBe("alice/ledger");
    expect(repoFromPathname("/alice/ledger/contract/X")).toBe("alice/ledger");
    // The explorer's own pages and the root repository's follow the root chain.
    for (const path of ["/", "/block/7", "/tx/H", "/address/A", "/contract/X", "/blocks", "/search", "/repos", "/aergo/main", "/aergo/main/block/1", "/alice", null]) {
      expect(repoFromPathname(path)).toBeUndefined();
    }
    // Not a repository name: no stream the hub would refuse.
    expect(repoFromPathname("/alice/%E0%A4%A/block/1")).toBeUndefined();
    expect(streamUrl(undefined)).toBe("/api/stream");
    expect(new URL(streamUrl("alice/ledger"), "http://hub").searchParams.get("repo")).toBe("alice/ledger");
  });

  it("name the repository in query inputs only when there is one (root query keys stay as they were)", () => {
    expect(withRepo(undefined, { address: "X" })).toEqual({ address: "X" });
    expect(withRepo("alice/ledger", addressTxsInput("X", { beforeHeight: 5 }))).toEqual({ repo: "alice/ledger", address: "X", beforeHeight: 5, limit: 25 });
    expect(chainInfoInput(undefined)).toBeUndefined();
    expect(chainInfoInput("alice/ledger")).toEqual({ repo: "alice/ledger" });
    expect(contractTableInput("X", "t", 0, undefined, "alice/ledger")).toEqual({ repo: "alice/ledger", address: "X", table: "t", limit: 50, offset: 0 });
  });
});

describe("a repository's 404 page", () => {
  it("says what was not found on the repository's chain, as the root's does", () => {
    expect(explainNotFound("/alice/ledger/block/99").title).toBe("Block not found");
    expect(explainNotFound("/alice/ledger/tx/H").title).toBe("Transaction not found");
    expect(explainNotFound("/alice/ledger/address/nope").title).toBe("Not a valid Aergo address");
    expect(explainNotFound("/block/99").title).toBe("Block not found");
    expect(explainNotFound("/alice/ledger/nothing").title).toBe("Page not found");
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

describe("branches in URLs and query inputs", () => {
  it("read ?branch= as the branch shown, main when absent", () => {
    expect(branchParam(undefined)).toBe("main");
    expect(branchParam("")).toBe("main");
    expect(branchParam("feature")).toBe("feature");
    expect(branchParam(["feature", "other"])).toBe("feature");
  });

  it("keep the branch in every link, and leave main's URLs as they were", () => {
    expect(chainHref("alice/ledger", "/block/1", "main")).toBe("/alice/ledger/block/1");
    expect(chainHref("alice/ledger", "/block/1", "feature")).toBe("/alice/ledger/block/1?branch=feature");
    expect(chainHref("alice/ledger", "/address/A?beforeHeight=3", "feature")).toBe("/alice/ledger/address/A?beforeHeight=3&branch=feature");
    expect(repoHref("alice/ledger", "", "feature")).toBe("/alice/ledger?branch=feature");
    expect(repoHref(undefined, "/contract/X", "feature")).toBe("/contract/X?branch=feature");
    expect(withBranch("/x#L3", "feature")).toBe("/x?branch=feature#L3");
    expect(contractHref("X", "tables", { table: "t" }, "alice/ledger", "feature")).toBe("/alice/ledger/contract/X?tab=tables&table=t&branch=feature");
    expect(switchBranchHref("/alice/ledger/contract/X", "tab=tables&branch=feature", "main")).toBe("/alice/ledger/contract/X?tab=tables");
    expect(switchBranchHref("/alice/ledger/editor", "file=a.sql", "feature")).toBe("/alice/ledger/editor?file=a.sql&branch=feature");
  });

  it("name the branch in query inputs and the stream only when it is not main", () => {
    expect(withRepo("alice/ledger", { address: "X" }, "main")).toEqual({ repo: "alice/ledger", address: "X" });
    expect(withRepo("alice/ledger", { address: "X" }, "feature")).toEqual({ repo: "alice/ledger", address: "X", branch: "feature" });
    expect(chainInfoInput(undefined, "main")).toBeUndefined();
    expect(chainInfoInput(undefined, "feature")).toEqual({ branch: "feature" });
    expect(chainInfoInput("alice/ledger", "feature")).toEqual({ repo: "alice/ledger", branch: "feature" });
    expect(contractTableInput("X", "t", 0, 4, "alice/ledger", "feature")).toEqual({ repo: "alice/ledger", branch: "feature", address: "X", table: "t", limit: 50, offset: 0, height: 4 });
    expect(streamUrl("alice/ledger", "main")).toBe(`/api/stream?repo=${encodeURIComponent("alice/ledger")}`);
    expect(new URL(streamUrl("alice/ledger", "feature"), "http://hub").searchParams.get("branch")).toBe("feature");
    expect(callCommand({ address: "X", procedure: "p", from: "dev-1", args: [], amount: "", hub: null, repo: "alice/ledger", branch: "feature" })).toBe("npx aergo call X p --from dev-1 --repo alice/ledger --branch feature");
  });

  it("read a branch's index-backed lists with the branch in the input (main's keys stay as they were)", () => {
    expect(repoContractsInput("alice/ledger", 20)).toEqual({ repo: "alice/ledger", limit: 20 });
    expect(repoContractsInput("alice/ledger", 20, "main")).toEqual({ repo: "alice/ledger", limit: 20 });
    expect(repoContractsInput("alice/ledger", 100, "feature")).toEqual({ repo: "alice/ledger", limit: 100, branch: "feature" });
    expect(withRepo("alice/ledger", addressTxsInput("A", { beforeHeight: 40, beforeTxIndex: 2 }), "feature")).toEqual({ repo: "alice/ledger", branch: "feature", address: "A", beforeHeight: 40, beforeTxIndex: 2, limit: 25 });
  });

  it("check a new branch's name and height as the hub does", () => {
    expect(branchNameProblem("feature", ["main"])).toBeNull();
    expect(branchNameProblem("", ["main"])).toMatch(/name/);
    expect(branchNameProblem("main", ["main"])).toMatch(/already/);
    expect(branchNameProblem("Feature", ["main"])).toMatch(/not a branch name/);
    expect(branchNameProblem("a..b", ["main"])).toMatch(/\.\./);
    expect(branchHeightProblem("12", 20)).toBeNull();
    expect(branchHeightProblem("21", 20)).toMatch(/#20/);
    expect(branchHeightProblem("x", 20)).toMatch(/height/);
  });
});
