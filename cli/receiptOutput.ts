import type { CommandOutput } from "./command.ts";
import { formatEvent, formatResult } from "./contractText.ts";
import type { ContractReceiptOut, ReceiptOut } from "./hubSchemas.ts";

/** A receipt as command output: JSON exactly as the hub returned it; text for people. */
export function receiptOutput(receipt: ReceiptOut, what: string, details: readonly string[] = []): CommandOutput {
  const lines = [
    `${what}: ${receipt.status}${receipt.error ? ` (${receipt.error.code}: ${receipt.error.message})` : ""}`,
    `tx        ${receipt.txHash}`,
    ...details,
    `fee       ${receipt.fee.aergo} AERGO (${receipt.gasUsed} gas)`,
    receipt.blockHeight === null ? "block     pending (answered by the producer; sealed in the next block)" : `block     ${receipt.blockHeight} ${receipt.blockHash ?? ""}`.trimEnd(),
  ];
  return {
    json: receipt,
    text: lines.join("\n"),
    failure: receipt.status === "error" ? `The transaction ${receipt.txHash} failed: ${receipt.error?.message ?? "unknown error"} (${receipt.error?.code ?? "ERROR"})` : undefined,
  };
}

/** A deploy's or call's receipt: adds the contract address, the return value and the events. */
export function contractReceiptOutput(receipt: ContractReceiptOut, what: string): CommandOutput {
  const details: string[] = [];
  if (receipt.contractAddress) details.push(`contract  ${receipt.contractAddress}`);
  if (receipt.status === "success") {
    const returned = formatResult(receipt.returnValue).split("\n");
    details.push(`returned  ${returned[0]}`, ...returned.slice(1).map((l) => `          ${l}`));
    receipt.events.forEach((e, i) => details.push(`${i === 0 ? "events   " : "         "} ${formatEvent(e.name, e.args)}`));
    if (receipt.events.length === 0) details.push("events    none");
  }
  return receiptOutput(receipt, what, details);
}
