import { describe, expect, it } from "vitest";
import { formatCompareSpec, parseCompareSpec, parseDiffEnd } from "./compareSpec.ts";

describe("compare specs", () => {
  it("reads A...B as three-dot and A..B as two-dot, each end branch or branch@height", () => {
    expect(parseCompareSpec("main...feature")).toEqual({ from: { branch: "main" }, to: { branch: "feature" }, threeDot: true });
    expect(parseCompareSpec("main@12..feature@30")).toEqual({ from: { branch: "main", height: 12 }, to: { branch: "feature", height: 30 }, threeDot: false });
    expect(parseDiffEnd("release-1.2@7")).toEqual({ branch: "release-1.2", height: 7 });
  });

  it("finds the split in names with dots, and formats back to the same text", () => {
    expect(parseCompareSpec("v1.2...v1.3")).toEqual({ from: { branch: "v1.2" }, to: { branch: "v1.3" }, threeDot: true });
    expect(parseCompareSpec("a....b")).toEqual({ from: { branch: "a." }, to: { branch: "b" }, threeDot: true });
    for (const text of ["main...feature", "main@3..x@4", "v1.2...v1.3"]) expect(formatCompareSpec(parseCompareSpec(text)!)).toBe(text);
  });

  it("reads OWNER/NAME:branch as a branch of another repository (a fork or the origin)", () => {
    expect(parseCompareSpec("main...bob/shop-fork:main")).toEqual({ from: { branch: "main" }, to: { repo: "bob/shop-fork", branch: "main" }, threeDot: true });
    expect(parseDiffEnd("alice/shop.v2:feature@7")).toEqual({ repo: "alice/shop.v2", branch: "feature", height: 7 });
    for (const text of ["main...bob/shop-fork:main", "main..alice/shop.v2:x@4"]) expect(formatCompareSpec(parseCompareSpec(text)!)).toBe(text);
    for (const text of ["bob:main", "bob/shop/x:main", "bob/shop:", ":main", "bob/shop:a:b"]) expect(parseDiffEnd(text), text).toBeNull();
  });

  it("refuses what is not a spec", () => {
    for (const text of ["", "main", "main...", "...feature", "Main...feature", "main@x...feature", "main@-1..b", "main...feature...x", "a@1@2..b"]) expect(parseCompareSpec(text), text).toBeNull();
    expect(parseDiffEnd("main@")).toBeNull();
  });
});
