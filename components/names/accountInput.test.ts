import { describe, expect, it } from "vitest";
import { devKeyPair } from "@/chain/crypto/keys";
import { nameIn, NO_LOOKUPS, resolveAccountInput, type NameLookups } from "./accountInput";

const shop = devKeyPair("account-input-shop").address;

describe("an address-or-name field", () => {
  it("takes an address as typed, without asking the chain", () => {
    expect(nameIn(` ${shop} `)).toBeNull();
    expect(resolveAccountInput(` ${shop} `, NO_LOOKUPS)).toEqual({ status: "ready", address: shop, name: null });
  });

  it("signs for the address a registered name resolves to, and names it", () => {
    const lookups: NameLookups = new Map([["alice.shop", { address: shop }]]);
    expect(nameIn("alice.shop")).toBe("alice.shop");
    expect(resolveAccountInput("alice.shop", lookups)).toEqual({ status: "ready", address: shop, name: "alice.shop" });
  });

  it("waits for a name still being looked up", () => {
    expect(resolveAccountInput("alice.shop", NO_LOOKUPS)).toEqual({ status: "pending", name: "alice.shop" });
  });

  it("refuses a free name and a failed lookup with a sentence", () => {
    const free = resolveAccountInput("free.name", new Map([["free.name", { address: null }]]));
    expect(free).toMatchObject({ status: "unresolved", name: "free.name" });
    expect(free.status === "unresolved" && free.message).toMatch(/not a registered name on this chain/);
    expect(resolveAccountInput("down.name", new Map([["down.name", { error: "the hub is unreachable" }]]))).toMatchObject({ status: "unresolved", message: expect.stringContaining("the hub is unreachable") });
  });

  it("refuses text that is neither an address nor a valid name, by the chain's rule", () => {
    for (const text of ["Alice.Shop", "ab", "A-not-an-address", "1st.name"]) {
      expect(nameIn(text), text).toBeNull();
      expect(resolveAccountInput(text, NO_LOOKUPS), text).toMatchObject({ status: "invalid", message: expect.stringContaining("neither an Aergo address nor a valid name") });
    }
    expect(resolveAccountInput("   ", NO_LOOKUPS)).toEqual({ status: "empty" });
  });
});
