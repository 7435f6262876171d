import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import type { ParamAbi } from "../sql/types.ts";

/** The runnable examples under examples/contracts, by name. */
export const EXAMPLE_CONTRACTS = ["token", "registry", "escrow", "voting"] as const;
export type ExampleContract = (typeof EXAMPLE_CONTRACTS)[number];

export function exampleSource(name: ExampleContract): string {
  return fs.readFileSync(path.resolve(import.meta.dirname, `../../examples/contracts/${name}.sql`), "utf8");
}

/**
 * One step of a random workload, abstract: which actor, contract and procedure it touches are
 * picks resolved against what exists when the step runs (deployed contracts, their ABI), so
 * every generated sequence means something on any chain.
 */
export type RandomStep =
  | { readonly kind: "deploy"; readonly contract: ExampleContract; readonly sender: number; readonly symbol: string; readonly supply: number }
  | { readonly kind: "call"; readonly target: number; readonly sender: number; readonly asDeployer: boolean; readonly procedure: number; readonly bogus: boolean; readonly args: readonly ArgPick[]; readonly typed: boolean; readonly gaer: number }
  | { readonly kind: "transfer"; readonly from: number; readonly to: number; readonly toContract: boolean; readonly aergo: number }
  | { readonly kind: "seal" };

/** One argument: well typed for its parameter (a pick among plausible values) or anything. */
export type ArgPick = { readonly pick: number; readonly wild: unknown };

const wildValue = fc.oneof(
  fc.integer({ min: -5, max: 2000 }),
  fc.constantFrom("abc", "hub.aergo", "x", "BAD NAME", "yes", "no", "", "a".repeat(40)),
  fc.constant(null),
  fc.boolean(),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -10, max: 10 }),
  fc.constant("99999999999999999999999"),
);

// Picks are uniform (no bias toward the edges): they index lists, where edges mean nothing.
const pick = (max: number) => fc.noBias(fc.nat({ max }));
const argPick = fc.record({ pick: pick(1000), wild: wildValue });

export const randomStep = (actors: number): fc.Arbitrary<RandomStep> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("deploy" as const), contract: fc.constantFrom(...EXAMPLE_CONTRACTS), sender: pick(actors - 1), symbol: fc.constantFrom("HUB", "T", "", "TOOLONGSYM"), supply: fc.integer({ min: 0, max: 1_000_000 }) }) },
    {
      weight: 10,
      arbitrary: fc.record({
        kind: fc.constant("call" as const),
        target: pick(1000),
        sender: pick(actors - 1),
        // Owners can do more (mint, point, release): half the calls come from the deployer.
        asDeployer: fc.boolean(),
        procedure: pick(1000),
        // Now and then a procedure the contract lacks.
        bogus: fc.nat({ max: 9 }).map((n) => n === 0),
        args: fc.array(argPick, { maxLength: 4 }),
        // Mostly arguments typed for the parameters; one call in six gets wild ones.
        typed: fc.nat({ max: 5 }).map((n) => n !== 0),
        gaer: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 5_000_000_000 }) }),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("transfer" as const), from: pick(actors - 1), to: pick(1000), toContract: fc.boolean(), aergo: fc.integer({ min: 0, max: 1500 }) }) },
    { weight: 2, arbitrary: fc.constant({ kind: "seal" as const }) },
  );

/** Plausible values per parameter type: the actors, the contracts, small numbers, names. */
export function typedArg(param: ParamAbi, pick: number, pools: { addresses: readonly string[]; names: readonly string[] }): unknown {
  switch (param.type) {
    case "ADDRESS":
      return pools.addresses[pick % pools.addresses.length];
    case "INTEGER":
    case "AMOUNT":
      // Mostly small (ids that exist, amounts that fit), sometimes zero or more than anyone holds.
      return pick % 10 === 0 ? 0 : pick % 10 === 1 ? 10_000_000 : 1 + (pick % (param.type === "AMOUNT" ? 50 : 3));
    case "BOOLEAN":
      return pick % 2 === 0;
    default:
      return pools.names[pick % pools.names.length];
  }
}

export const NAME_POOL = ["alice", "bob.hub", "yes", "no", "abc", "x", "Bad Name", "proposal one"] as const;
