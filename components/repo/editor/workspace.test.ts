import { describe, expect, it } from "vitest";
import { base64ToBytes, buildFileTree, closeTab, editTab, isDirty, markSaved, newFilePath, openTab, reloadTab, sourceLine } from "./workspace";

describe("editor workspace", () => {
  it("tracks unsaved edits per tab; a save keeps edits typed while it was on its way", () => {
    let tabs = openTab([], { path: "a.sql", content: "v1", version: 1 });
    tabs = openTab(tabs, { path: "b.sql", content: "b", version: 4 });
    expect(tabs.map(isDirty)).toEqual([false, false]);
    tabs = editTab(tabs, "a.sql", "v1 edited");
    // Opening again (a click in the tree) must not throw the edit away.
    tabs = openTab(tabs, { path: "a.sql", content: "v1", version: 1 });
    expect(tabs[0]).toMatchObject({ content: "v1 edited", saved: "v1", version: 1 });
    expect(tabs.map(isDirty)).toEqual([true, false]);
    const sent = tabs[0]!.content;
    tabs = editTab(tabs, "a.sql", "v1 edited more");
    tabs = markSaved(tabs, "a.sql", sent, 2);
    expect(tabs[0]).toMatchObject({ content: "v1 edited more", saved: "v1 edited", version: 2 });
    expect(isDirty(tabs[0]!)).toBe(true);
    tabs = reloadTab(tabs, { path: "a.sql", content: "theirs", version: 3 });
    expect(tabs[0]).toEqual({ path: "a.sql", content: "theirs", saved: "theirs", version: 3 });
  });

  it("closing the active tab activates its neighbour", () => {
    const tabs = ["a", "b", "c"].reduce((acc, p) => openTab(acc, { path: `${p}.sql`, content: "", version: 1 }), [] as ReturnType<typeof openTab>);
    expect(closeTab(tabs, "b.sql", "b.sql").active).toBe("c.sql");
    expect(closeTab(tabs, "c.sql", "c.sql").active).toBe("b.sql");
    expect(closeTab(tabs, "a.sql", "c.sql")).toMatchObject({ active: "c.sql" });
    expect(closeTab(closeTab(closeTab(tabs, "a.sql", "a.sql").tabs, "b.sql", "b.sql").tabs, "c.sql", "c.sql")).toEqual({ tabs: [], active: null });
  });

  it("builds the tree folders first, each level by name", () => {
    const tree = buildFileTree(["z.sql", "lib/b.sql", "lib/a/x.sql", "a.sql"]);
    expect(tree.map((n) => `${n.kind}:${n.path}`)).toEqual(["folder:lib", "file:a.sql", "file:z.sql"]);
    const lib = tree[0]!;
    expect(lib.kind === "folder" && lib.children.map((n) => `${n.kind}:${n.name}`)).toEqual(["folder:a", "file:b.sql"]);
  });

  it("names new files from the template, unique against the branch, or as typed", () => {
    expect(newFilePath("", "token", [])).toBe("token.sql");
    expect(newFilePath("", "token", ["token.sql", "token-2.sql"])).toBe("token-3.sql");
    expect(newFilePath(" Contracts/Vault ", "token", [])).toBe("contracts/vault.sql");
  });

  it("puts new files in the person's own folder on a shared repository", () => {
    expect(newFilePath("", "token", [], "alice/")).toBe("alice/token.sql");
    expect(newFilePath("", "token", ["alice/token.sql"], "alice/")).toBe("alice/token-2.sql");
    expect(newFilePath("vault", "token", [], "alice/")).toBe("alice/vault.sql");
    expect(newFilePath("alice/x/vault.sql", "token", [], "alice/")).toBe("alice/x/vault.sql");
  });

  it("decodes base64 snapshots and finds source lines", () => {
    expect([...base64ToBytes("AAEC/w==")]).toEqual([0, 1, 2, 255]);
    expect(sourceLine("a\nb\nc", 2)).toBe("b");
    expect(sourceLine("a", 5)).toBe("");
  });
});
