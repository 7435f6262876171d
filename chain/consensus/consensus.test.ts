import { describe, expect, it } from "vitest";
import { createConsensus } from "./consensus.ts";

const genesis = ["p1", "p2", "p3"];

describe("the consensus behind one interface", () => {
  it("DPoS ranks by voted stake (ties by address), then the genesis producers; it reads the tally", () => {
    const dpos = createConsensus("dpos", genesis);
    let read = 0;
    const tally = () => (read++, new Map([["c2", 5n], ["c1", 5n], ["p3", 9n], ["zero", 0n]]));
    expect(dpos.nextRanking(tally, ["x"])).toEqual(["p3", "c1", "c2", "p1", "p2"]);
    expect(read).toBe(1);
    expect(dpos.kind).toBe("dpos");
  });

  it("PoA takes the repository's authorities at the epoch's end, votes elect nobody; without authorities the ranking stays", () => {
    let authorities = ["a1"];
    const poa = createConsensus("poa", genesis, () => authorities);
    let read = 0;
    const tally = () => (read++, new Map([["c1", 100n]]));
    expect(poa.nextRanking(tally, genesis)).toEqual(["a1"]);
    authorities = ["a2", "a1"];
    expect(poa.nextRanking(tally, ["a1"])).toEqual(["a2", "a1"]);
    expect(read).toBe(0);
    expect(createConsensus("poa", genesis).nextRanking(tally, ["q1", "q2"])).toEqual(["q1", "q2"]);
  });
});
