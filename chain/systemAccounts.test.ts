import { describe, expect, it } from "vitest";
import { isAddress, isContractAddress, systemAddress } from "./crypto/address.ts";
import { devKeyPair } from "./crypto/keys.ts";
import { MARKET_ACCOUNT, TREASURY_ACCOUNT } from "./market/records.ts";
import { NAME_ACCOUNT } from "./names/names.ts";
import { SYSTEM_ACCOUNTS, systemAccountOf } from "./systemAccounts.ts";

describe("system accounts", () => {
  it("derives the name account at the address chains already hold its fees at", () => {
    // Sealed blocks pay name prices to this address: changing the derivation would fork every chain.
    expect(NAME_ACCOUNT).toBe("AmhhCaNqUThfpdofP1KRAH9Lsc7Dv7E2StVKXsD7XqYW9PM4YLFn");
    expect(systemAddress("name-account")).toBe(NAME_ACCOUNT);
  });

  it("gives every id its own keyless address with the contract marker", () => {
    const a = systemAddress("market-treasury");
    expect(a).not.toBe(systemAddress("market-escrow"));
    expect(isAddress(a) && isContractAddress(a)).toBe(true);
  });

  it("registers each system account once, with a label and a sentence", () => {
    expect(new Set(SYSTEM_ACCOUNTS.map((s) => s.address)).size).toBe(SYSTEM_ACCOUNTS.length);
    for (const s of SYSTEM_ACCOUNTS) {
      expect(isContractAddress(s.address), s.label).toBe(true);
      expect(s.label.length).toBeGreaterThan(0);
      expect(s.description).toMatch(/\.$/);
      expect(systemAccountOf(s.address)).toBe(s);
    }
    expect(systemAccountOf(NAME_ACCOUNT)?.label).toBe("Name account");
    expect(systemAccountOf(TREASURY_ACCOUNT)?.label).toBe("Treasury");
    expect(systemAccountOf(MARKET_ACCOUNT)?.label).toBe("Market account");
  });

  it("knows no other address", () => {
    expect(systemAccountOf(devKeyPair("dev-1").address)).toBeNull();
    expect(systemAccountOf(systemAddress("not-registered"))).toBeNull();
    expect(systemAccountOf("alice.shop")).toBeNull();
  });
});
