import { describe, expect, it } from "vitest";
import type { MergeConflict } from "./compareTypes";
import { cellFromText, conflictId, editableCells, mergeResolutions, resolutionsFrom, type ConflictChoice } from "./conflictResolutions";

const conflict = (key: string, ours: number, theirs: number): MergeConflict => ({
  contract: "AmContract",
  contractName: "Inventory",
  table: "stock",
  columns: ["item", "count", "note"],
  key: [key],
  base: { item: key, count: 10, note: null },
  ours: { item: key, count: ours, note: null },
  theirs: { item: key, count: theirs, note: "restocked" },
  cells: ["count"],
  message: "Both sides changed count.",
});

describe("conflict resolutions", () => {
  it("turns each chosen side into a resolution and skips undecided conflicts", () => {
    const a = conflict("apple", 7, 12);
    const b = conflict("pear", 1, 2);
    const choices = new Map<string, ConflictChoice>([[conflictId(a), { take: "theirs" }]]);
    expect(resolutionsFrom([a, b], choices)).toEqual([{ contract: "AmContract", table: "stock", key: ["apple"], take: "theirs" }]);
  });

  it("types an edited row like the row it came from: numbers stay numbers, NULL is null", () => {
    const a = conflict("apple", 7, 12);
    expect(editableCells(a)).toEqual({ item: "apple", count: "7", note: "NULL" });
    const choices = new Map<string, ConflictChoice>([[conflictId(a), { take: "row", cells: { item: "apple", count: "9", note: "split" } }]]);
    expect(resolutionsFrom([a], choices)).toEqual([{ contract: "AmContract", table: "stock", key: ["apple"], take: "row", row: { item: "apple", count: 9, note: "split" } }]);
    expect(cellFromText("12x", 3)).toBe("12x");
    expect(cellFromText("true", false)).toBe(true);
  });

  it("keeps earlier decisions for rows they settled and lets a new one replace an old one", () => {
    const old = [{ contract: "AmContract", table: "stock", key: ["apple"], take: "ours" as const }];
    const next = [
      { contract: "AmContract", table: "stock", key: ["apple"], take: "base" as const },
      { contract: "AmContract", table: "stock", key: ["pear"], take: "theirs" as const },
    ];
    expect(mergeResolutions(old, next)).toEqual(next);
    expect(mergeResolutions(old, [])).toEqual(old);
  });
});
