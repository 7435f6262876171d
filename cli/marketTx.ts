/**
 * Signing market transactions (docs/market.md) from the CLI: `aergo market publish|buy|review|unsafe`.
 * Payloads are built with the chain's own `marketPayload()`, which checks them by the rules the
 * chain executes, so bad input fails here before a password is asked or anything is sent. They go
 * to the keyless market account on the root chain (the hub client of a non-chain command).
 */
import { z } from "zod";
import { toAmountJSON } from "../chain/amount.ts";
import type { KeyPair } from "../chain/crypto/keys.ts";
import type { AmountJSON } from "../chain/types.ts";
import { isChainError } from "../chain/errors.ts";
import { splitPrice } from "../chain/market/hubFee.ts";
import { marketPayload, ZPublishPayload, type MarketPayloadInput } from "../chain/market/payload.ts";
import { MARKET_ACCOUNT } from "../chain/market/records.ts";
import type { CommandContext, CommandOutput } from "./command.ts";
import { CliError } from "./errors.ts";
import type { HubClient } from "./hubClient.ts";
import { ZMarketListingDetailJSON, ZMarketReceiptJSON, type MarketListingDetailOut, type MarketReceiptOut } from "./hubSchemas.ts";
import { unlockKey } from "./keyDir.ts";
import { receiptOutput } from "./receiptOutput.ts";
import { sessionSigner } from "./repoDirectory.ts";
import { sessionFor } from "./session.ts";
import { signAndSendFor } from "./signAndSend.ts";

export type ListingRef = { readonly package: string; readonly version: string };

// The chain's rules for a package name and a version, so the CLI never words them twice.
const ZPackage = ZPublishPayload.shape.package;
const ZVersion = ZPublishPayload.shape.version;

function checked<T extends z.ZodType>(schema: T, value: string, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CliError(`"${value.slice(0, 60)}" is not a ${what}: ${parsed.error.issues[0]?.message ?? "invalid"}.`);
  return parsed.data;
}

/**
 * `PACKAGE@VERSION`, or `PACKAGE` alone when `versionOptional` (the newest safe version).
 * @throws CliError naming the chain's rule the text breaks.
 */
export function parseListingRef(text: string, opts: { versionOptional?: boolean } = {}): { package: string; version: string | undefined } {
  const at = text.indexOf("@");
  if (at < 0 && !opts.versionOptional) throw new CliError(`"${text.slice(0, 60)}" is not PACKAGE@VERSION (e.g. escrow@1.0.0).`);
  const pkg = checked(ZPackage, at < 0 ? text : text.slice(0, at), "package name");
  const version = at < 0 ? undefined : checked(ZVersion, text.slice(at + 1), "version");
  return { package: pkg, version };
}

/** `PACKAGE@VERSION` with both parts (buy, install, review, unsafe). */
export function requireListingRef(text: string): ListingRef {
  const ref = parseListingRef(text);
  return { package: ref.package, version: ref.version! };
}

/** A version's listing from the root chain (NOT_FOUND from the hub for an unknown one). */
export function fetchListing(hub: HubClient, ref: { package: string; version?: string | undefined }): Promise<MarketListingDetailOut> {
  return hub.get("getMarketListing", { package: ref.package, version: ref.version }, ZMarketListingDetailJSON);
}

/**
 * The payload's bytes, checked by the chain's parser.
 * @throws CliError with the chain's reason and code (INVALID_PAYLOAD) when the listing breaks a rule.
 */
export function buildMarketPayload(input: MarketPayloadInput): Uint8Array {
  try {
    return marketPayload(input);
  } catch (e) {
    if (isChainError(e)) throw new CliError(`${e.message} (${e.code})`);
    throw e;
  }
}

/**
 * The key that signs: --from KEY, else the key the session for this hub was opened with (so a
 * purchase belongs to the person who then installs it).
 * @throws CliError when neither is there, or the session's key is gone or changed.
 */
export async function marketSigner(ctx: CommandContext, from: string | undefined, what: string): Promise<KeyPair> {
  if (from !== undefined) return unlockKey(ctx.home, ctx.env, from);
  if (!sessionFor(ctx.home, ctx.hubUrl)) {
    throw new CliError(`aergo market ${what} needs a key: pass --from KEY, or sign in with aergo login --key NAME to sign with that key.`);
  }
  return (await sessionSigner(ctx)).key;
}

export function sendMarketTx(hub: HubClient, key: KeyPair, payload: Uint8Array, opts: { amount?: bigint; wait: "receipt" | "block" | "final" }): Promise<MarketReceiptOut> {
  return signAndSendFor(hub, { type: "market", key, to: MARKET_ACCOUNT, amount: opts.amount ?? 0n, payload, wait: opts.wait }, ZMarketReceiptJSON);
}

/** A market receipt as output: the receipt's JSON with what the command did beside it (`extra`). */
export function marketReceiptOutput(receipt: MarketReceiptOut, what: string, details: readonly string[], extra: Record<string, unknown>): CommandOutput {
  const out = receiptOutput(receipt, what, details);
  return { ...out, json: { ...receipt, ...extra } };
}

export type PriceSplit = { readonly price: AmountJSON; readonly publisher: AmountJSON; readonly fee: AmountJSON; readonly hubFeeBps: number };

/** How a price splits between the publisher and the treasury, by the chain's rule (chain/market/hubFee.ts). */
export function priceSplit(priceAer: string, hubFeeBps: number): PriceSplit {
  const price = BigInt(priceAer);
  const { fee, publisher } = splitPrice(price, hubFeeBps);
  return { price: toAmountJSON(price), publisher: toAmountJSON(publisher), fee: toAmountJSON(fee), hubFeeBps };
}

export function priceSplitText(split: PriceSplit): string {
  if (split.price.aer === "0") return "free";
  return `${split.price.aergo} AERGO (publisher ${split.publisher.aergo}, hub fee ${split.fee.aergo} = ${split.hubFeeBps / 100}%)`;
}
