/**
 * The dev faucet as the public sees it (REST /v1/faucet and tRPC faucet.request): anyone may ask,
 * so each drip is capped and drips are rate limited per receiving address and per client IP.
 * The hub's own funding of demo accounts calls Hub.faucet directly and is not limited.
 */
import { AER_PER_AERGO } from "../../chain/amount.ts";
import { decodeAddress } from "../../chain/crypto/address.ts";
import { ChainError, ErrorCode } from "../../chain/errors.ts";
import type { ReceiptJSON } from "../../chain/types.ts";
import { createRateLimiter, type RateLimiter, type RateRule } from "../auth/rateLimit.ts";

/** What one drip gives by default, and the most it gives. */
export const FAUCET_DRIP_AER = 1000n * AER_PER_AERGO;
const HOUR = 60 * 60_000;

/** 5 drips an hour to one address, 20 an hour from one client: 20,000 AERGO/hour at most per client. */
export function faucetRules(address: string, ip: string): RateRule[] {
  return [
    { key: `faucet-to:${address}`, limit: 5, windowMs: HOUR },
    { key: `faucet-ip:${ip}`, limit: 20, windowMs: HOUR },
  ];
}

export type FaucetDoor = {
  /**
   * Sends `amountAer` (default FAUCET_DRIP_AER) to `address` for a client at `ip`.
   * @throws FORBIDDEN (not a dev network), INVALID_ADDRESS, INVALID_AMOUNT, RATE_LIMITED; nothing is sent then.
   */
  drip(input: { address: string; amountAer?: bigint; ip: string }): Promise<ReceiptJSON>;
};

export function createFaucetDoor(hub: { readonly devNetwork: unknown; faucet(address: string, amountAer?: bigint): Promise<ReceiptJSON> }, limiter: RateLimiter = createRateLimiter()): FaucetDoor {
  return Object.freeze({
    async drip({ address, amountAer = FAUCET_DRIP_AER, ip }: { address: string; amountAer?: bigint; ip: string }) {
      if (!hub.devNetwork) throw new ChainError(ErrorCode.Forbidden, "The faucet runs on the dev network only.");
      // Validate before counting: a malformed request is refused without using anyone's allowance.
      decodeAddress(address);
      if (amountAer <= 0n || amountAer > FAUCET_DRIP_AER) {
        throw new ChainError(ErrorCode.InvalidAmount, `The faucet gives between 1 aer and ${FAUCET_DRIP_AER / AER_PER_AERGO} AERGO at a time.`);
      }
      limiter.hit(faucetRules(address, ip));
      return hub.faucet(address, amountAer);
    },
  });
}
