import type { CommandOutput } from "./command.ts";
import type { ReceiptOut } from "./hubSchemas.ts";

/** A receipt as command output: JSON exactly as the hub returned it; text for people. */
export function receiptOutput(receipt: ReceiptOut, what: string): CommandOutput {
  const lines = [
    `${what}: ${receipt.status}${receipt.error ? ` (${receipt.error.code}: ${receipt.error.message})` : ""}`,
    `tx        ${receipt.txHash}`,
    `fee       ${receipt.fee.aergo} AERGO (${receipt.gasUsed} gas)`,
    receipt.blockHeight === null ? "block     pending (answered by the producer; sealed in the next block)" : `block     ${receipt.blockHeight} ${receipt.blockHash ?? ""}`.trimEnd(),
  ];
  return {
    json: receipt,
    text: lines.join("\n"),
    failure: receipt.status === "error" ? `The transaction ${receipt.txHash} failed: ${receipt.error?.message ?? "unknown error"} (${receipt.error?.code ?? "ERROR"})` : undefined,
  };
}
