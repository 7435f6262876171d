import { describe, expect, it } from "vitest";
import { devKeyPair } from "../crypto/keys.ts";
import { EMPTY_ACCOUNT } from "./account.ts";
import { PendingState } from "./worldState.ts";

const a = devKeyPair("ws-a").address;
const b = devKeyPair("ws-b").address;

describe("pending state scopes", () => {
  it("keeps an inner scope's writes only when it completes, and drops a failed inner scope without touching the outer one", () => {
    const state = new PendingState(() => EMPTY_ACCOUNT);
    state.atomically(() => {
      state.set(a, { ...EMPTY_ACCOUNT, balance: 1n });
      expect(() =>
        state.atomically(() => {
          state.set(b, { ...EMPTY_ACCOUNT, balance: 5n });
          state.set(a, { ...EMPTY_ACCOUNT, balance: 9n });
          expect(state.get(a).balance).toBe(9n);
          throw new Error("revert");
        }),
      ).toThrow("revert");
      expect(state.get(a).balance).toBe(1n);
      expect(state.get(b).balance).toBe(0n);
      state.atomically(() => state.set(b, { ...EMPTY_ACCOUNT, balance: 2n }));
    });
    expect(state.get(a).balance).toBe(1n);
    expect(state.get(b).balance).toBe(2n);
    expect([...state.changes().keys()].sort()).toEqual([a, b].sort());
  });
});
