/**
 * Contracts and transactions for the access suites: a ledger that keeps a text in a table cell
 * and emits it as an event argument, so a planted marker can be looked for on every door.
 */
import { toHex, utf8Bytes } from "../../chain/crypto/hash.ts";
import type { KeyPair } from "../../chain/crypto/keys.ts";
import { buildTx } from "../../chain/tx/buildTx.ts";
import type { ReceiptJSON } from "../../chain/types.ts";
import type { HubProcess } from "./hubProcess.ts";
import type { Person } from "./people.ts";

/** `name` is the contract's name as written after CONTRACT (quote it for any text). */
export const ledgerSource = (name: string) => `CONTRACT ${name};
CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
EVENT Noted (id INTEGER, body TEXT);
CONSTRUCTOR (cell TEXT) AS
BEGIN
  INSERT INTO notes VALUES (1, :cell);
END;
PROCEDURE note (body TEXT) AS
BEGIN
  INSERT INTO notes (id, body) VALUES ((SELECT MAX(id) + 1 FROM notes), :body);
  EMIT Noted ((SELECT MAX(id) FROM notes), :body);
END;
VIEW body (id INTEGER) RETURNS TEXT AS SELECT body FROM notes WHERE id = :id;
`;

/**
 * Signs a deploy or call with `key` (the next nonce on `branch`), sends it to `repo` as `who` and
 * waits for its block.
 * @throws Error when the hub refuses it or the transaction fails.
 */
export async function sendContractTx(hub: HubProcess, who: Person, key: KeyPair, at: { repo: string; branch?: string }, tx: { type: "deploy" | "call"; to?: string; payload: unknown }): Promise<ReceiptJSON> {
  const headers = { "x-aergo-repo": at.repo, authorization: `Bearer ${who.token}` };
  const onBranch = at.branch ? `branch=${encodeURIComponent(at.branch)}` : "";
  const info = (await hub.request(`/v1/getChainInfo?${onBranch}`, { headers })).json as { chainIdHash: string };
  const account = (await hub.request(`/v1/getState?account=${key.address}&${onBranch}`, { headers })).json as { nonce: number };
  const bytes = buildTx({ type: tx.type, key, chainIdHash: info.chainIdHash, nonce: account.nonce + 1, to: tx.to ?? null, gasPrice: 0n, gasLimit: 5_000_000, payload: utf8Bytes(JSON.stringify(tx.payload)) }).bytes;
  const a = await hub.request(`/v1/sendSignedTransaction?${onBranch}`, { method: "POST", body: JSON.stringify({ tx: toHex(bytes), wait: "block" }), headers: { "content-type": "application/json", ...headers } });
  const receipt = a.json as ReceiptJSON;
  if (a.status !== 200 || receipt.status !== "success") throw new Error(`The ${tx.type} was refused or failed: ${a.text}`);
  return receipt;
}
