/**
 * Chain parameters that stake-weighted proposals can change (chain/governance/proposals.ts), each
 * a system state entry `param:<name>` holding a decimal integer (UTF-8): in the state tree, so
 * every node reads the same value at every block. Pure: no node, no store. The marketplace reads
 * the hub fee from here (`readHubFeeBps`).
 */
import { AER_PER_AERGO, formatAergo, parseAmount } from "../amount.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import { NAME_PRICE_PARAM } from "../names/names.ts";

/** The hub's cut of a marketplace sale, in basis points (1/100 of a percent), until governance sets one. */
export const DEFAULT_HUB_FEE_BPS = 200;
export const MIN_HUB_FEE_BPS = 0;
/** At most 5%: a fee past this is a tax on publishers, not a service charge. */
export const MAX_HUB_FEE_BPS = 500;
/** The state entry holding the hub fee (decimal basis points); absent means DEFAULT_HUB_FEE_BPS. */
export const HUB_FEE_PARAM = "param:hubFeeBps";

/** The most a name can cost (aer): a million AERGO, far above any sensible price, far below overflow. */
export const MAX_NAME_PRICE = 1_000_000n * AER_PER_AERGO;

/** What a proposal may change, and the range each accepts (inclusive, as integers). */
export const GOVERNED_PARAMS = {
  namePrice: { entry: NAME_PRICE_PARAM, min: 0n, max: MAX_NAME_PRICE, unit: "aer" },
  hubFeeBps: { entry: HUB_FEE_PARAM, min: BigInt(MIN_HUB_FEE_BPS), max: BigInt(MAX_HUB_FEE_BPS), unit: "bps" },
} as const;
export type GovernedParam = keyof typeof GOVERNED_PARAMS;
export const GOVERNED_PARAM_NAMES = Object.keys(GOVERNED_PARAMS) as GovernedParam[];

export const isGovernedParam = (name: unknown): name is GovernedParam => typeof name === "string" && Object.hasOwn(GOVERNED_PARAMS, name);

/** Why `value` is not allowed for `param`, or null when it is (the one range rule of chain, API, CLI and UI). */
export function paramValueProblem(param: GovernedParam, value: bigint): string | null {
  const { min, max, unit } = GOVERNED_PARAMS[param];
  if (value < min || value > max) return `${param} takes ${min} to ${max} ${unit}; ${value} is out of range.`;
  return null;
}

/**
 * The hub fee in force, in basis points: the `param:hubFeeBps` entry when governance set one,
 * else DEFAULT_HUB_FEE_BPS.
 * @example readHubFeeBps((id) => state.getEntry(id)) // 200
 */
export function readHubFeeBps(getEntry: (id: string) => Uint8Array | null): number {
  const bytes = getEntry(HUB_FEE_PARAM);
  if (!bytes) return DEFAULT_HUB_FEE_BPS;
  // Proposals are range-checked; the cap here still holds whatever wrote the entry: no sale pays more than 5%.
  const n = Number(new TextDecoder().decode(bytes));
  return Number.isInteger(n) && n >= MIN_HUB_FEE_BPS ? Math.min(n, MAX_HUB_FEE_BPS) : DEFAULT_HUB_FEE_BPS;
}

/** The encoded value of a parameter entry: decimal, UTF-8 (what readNamePrice and readHubFeeBps read). */
export const encodeParamValue = (value: bigint): Uint8Array => new TextEncoder().encode(value.toString());

/**
 * A value as a person types it (an amount for the name price: "2.5", "2.5aergo", "500gaer";
 * whole basis points for the hub fee) in the chain's unit, range checked. The CLI and the page
 * both read proposals' values with it.
 * @throws ChainError INVALID_AMOUNT (not an amount / not whole basis points), INVALID_PAYLOAD (out of range)
 * @example parseParamInput("namePrice", "2.5") // 2500000000000000000n
 */
export function parseParamInput(param: GovernedParam, text: string): bigint {
  let value: bigint;
  if (param === "namePrice") value = parseAmount(text);
  else if (/^\s*\d{1,4}\s*$/.test(text)) value = BigInt(text.trim());
  else throw new ChainError(ErrorCode.InvalidAmount, `The hub fee is a whole number of basis points (200 is 2%), not "${text.slice(0, 40)}".`);
  const problem = paramValueProblem(param, value);
  if (problem) throw new ChainError(ErrorCode.InvalidPayload, problem, { param });
  return value;
}

/** A parameter's value for people: AERGO for the name price, basis points and percent for the hub fee. */
export function formatParamValue(param: string, value: string | bigint): string {
  return param === "namePrice" ? `${formatAergo(BigInt(value))} AERGO` : `${value} bps (${Number(value) / 100}%)`;
}
