/**
 * Signing name transactions (chain/names/names.ts) from the CLI: `aergo name register|update` and
 * `aergo deploy --name`. The price is read from the hub (a chain parameter) and sent as the
 * amount, to the name account the hub names, so the CLI never hard-codes either.
 */
import { utf8Bytes } from "../chain/crypto/hash.ts";
import type { KeyPair } from "../chain/crypto/keys.ts";
import { nameProblem } from "../chain/names/names.ts";
import { fetchName } from "./accountResolver.ts";
import { CliError } from "./errors.ts";
import type { HubClient } from "./hubClient.ts";
import { ZNamePriceJSON, type ReceiptOut } from "./hubSchemas.ts";
import { signAndSend } from "./signAndSend.ts";

/** @throws CliError with the chain's rule when `name` is not a valid name. */
export function checkNameText(name: string): string {
  const problem = nameProblem(name);
  if (problem) throw new CliError(`${problem} (INVALID_NAME)`);
  return name;
}

/** @throws CliError when the name is invalid or registered already (checked before anything is sent). */
export async function checkNameFree(hub: HubClient, name: string): Promise<void> {
  checkNameText(name);
  const found = await fetchName(hub, name);
  if (found.owner) throw new CliError(`The name "${name}" is registered already (owner ${found.owner}, resolves to ${found.destination}). (NAME_TAKEN)`);
}

export async function sendNameRegister(hub: HubClient, key: KeyPair, input: { name: string; owner?: string; destination?: string; wait: "receipt" | "block" | "final" }): Promise<ReceiptOut> {
  const price = await hub.get("getNamePrice", {}, ZNamePriceJSON);
  const payload = { op: "register", name: input.name, ...(input.owner ? { owner: input.owner } : {}), ...(input.destination ? { destination: input.destination } : {}) };
  return signAndSend(hub, { type: "name", key, to: price.nameAccount, amount: BigInt(price.price.aer), payload: utf8Bytes(JSON.stringify(payload)), wait: input.wait });
}

export async function sendNameUpdate(hub: HubClient, key: KeyPair, input: { name: string; owner: string; destination?: string; wait: "receipt" | "block" | "final" }): Promise<ReceiptOut> {
  const price = await hub.get("getNamePrice", {}, ZNamePriceJSON);
  const payload = { op: "update", name: input.name, owner: input.owner, ...(input.destination ? { destination: input.destination } : {}) };
  return signAndSend(hub, { type: "name", key, to: price.nameAccount, payload: utf8Bytes(JSON.stringify(payload)), wait: input.wait });
}
