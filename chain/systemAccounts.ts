/**
 * The registry of keyless system accounts (chain/crypto/address.ts `systemAddress`): their
 * addresses carry the contract marker byte but no contract is deployed there, so the explorer
 * shows them as accounts with a sentence saying what they are. A module that adds one (the
 * marketplace's treasury, say) exports its SystemAccount beside its address and lists it here.
 */
import { MARKET_SYSTEM_ACCOUNT, TREASURY_SYSTEM_ACCOUNT } from "./market/records.ts";
import { NAME_SYSTEM_ACCOUNT } from "./names/names.ts";

/** A keyless account the chain itself keeps, as the explorer presents it. */
export type SystemAccount = {
  readonly address: string;
  /** A few words: "Name account". */
  readonly label: string;
  /** One sentence: what it holds, and who moves it. */
  readonly description: string;
};

export const SYSTEM_ACCOUNTS: readonly SystemAccount[] = [NAME_SYSTEM_ACCOUNT, MARKET_SYSTEM_ACCOUNT, TREASURY_SYSTEM_ACCOUNT];

const byAddress = new Map(SYSTEM_ACCOUNTS.map((a) => [a.address, a]));

/** The system account at `address`, or null for any other address. */
export function systemAccountOf(address: string): SystemAccount | null {
  return byAddress.get(address) ?? null;
}
