"use client";
/**
 * Signs and sends a `market` transaction (docs/market.md) with the browser wallet, to the market
 * account on the root chain (where AERGO and the marketplace live). The payload is built and
 * checked by the chain's own `marketPayload`, so a form never sends what the chain would refuse
 * as malformed.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { isChainError } from "@/chain/errors";
import { marketPayload, type MarketPayloadInput } from "@/chain/market/payload";
import { MARKET_ACCOUNT } from "@/chain/market/records";
import { domainCode, errorMessage } from "@/components/repo/errors";
import type { SentReceipt } from "@/components/repo/TxReceipt";
import { useSendTx } from "@/components/wallet/useSendTx";

export type MarketTxState = { readonly busy: boolean; readonly receipt?: SentReceipt; readonly error?: { readonly code: string | null; readonly message: string } };

/** Why a market transaction failed: the chain's code (ALREADY_PURCHASED, INSUFFICIENT_BALANCE …) and its sentence. */
export function marketError(e: unknown): { code: string | null; message: string } {
  // A payload the chain's rules refuse fails here, before signing; anything else is the hub's answer.
  return { code: isChainError(e) ? e.code : (domainCode(e) ?? null), message: errorMessage(e) };
}

/** `run(op, amountAer)` sends one market transaction and keeps its outcome in `state`; every market query is refreshed after it. */
export function useMarketTx() {
  const send = useSendTx();
  const queryClient = useQueryClient();
  const [state, setState] = useState<MarketTxState>({ busy: false });
  async function run(op: MarketPayloadInput, amountAer = 0n): Promise<SentReceipt | null> {
    setState({ busy: true });
    try {
      const receipt = await send({ type: "market", to: MARKET_ACCOUNT, amount: amountAer, payload: marketPayload(op) });
      setState({ busy: false, receipt, ...(receipt.error ? { error: { code: receipt.error.code, message: receipt.error.message } } : {}) });
      void queryClient.invalidateQueries();
      return receipt;
    } catch (e) {
      setState({ busy: false, error: marketError(e) });
      return null;
    }
  }
  return { state, run, reset: () => setState({ busy: false }) };
}
