import { base64 } from "@scure/base";
import { headerFromJSON, verifyHeaderSignature } from "../block/header.ts";
import { bytesEqual, fromHex, sha256, toHex, utf8Bytes } from "../crypto/hash.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import type { ContractQueryProofJSON } from "../node/types.ts";
import { accountStateKey, decodeAccount } from "../state/account.ts";
import { createMemoryNodeStore } from "../state/nodeStore.ts";
import { createSparseMerkleTree, EMPTY_ROOT, proofFromJSON, verifyProof } from "../state/smt.ts";
import { createSqlEngine, rowStateKey, rowValueHash } from "../sql/index.ts";
import { sqlValueToJSON } from "./contracts.ts";
import { viewHost } from "./contractTx.ts";

const refuse = (why: string) => new ChainError(ErrorCode.Forbidden, `The proof does not verify: ${why}.`);

/**
 * A light client's check of a view's answer, trusting only a header signed by its producer:
 * the contract account is proven under the header's state root; the source hashes to the
 * account's code hash; every row of the contract's database, recomputed into a sparse Merkle
 * tree here, gives the account's storage root; then the view runs here on that database and
 * must give the hub's result.
 * @throws ChainError FORBIDDEN naming the first check that failed.
 * @example const { result } = await verifyContractQuery(address, "balanceOf", [who], proof, chainIdHash)
 */
export async function verifyContractQuery(address: string, view: string, args: unknown, p: ContractQueryProofJSON, chainIdHash: string): Promise<{ result: unknown; height: number }> {
  const header = headerFromJSON(p.account.header);
  if (header.hashText !== p.account.header.hash) throw refuse("the header's fields do not hash to its hash");
  if (p.account.header.chainIdHash !== chainIdHash) throw refuse("the header belongs to another chain");
  if (header.height === 0 || !verifyHeaderSignature(header)) throw refuse("the header is not signed by its producer");
  if (header.height !== p.height) throw refuse("the proof is for another height than the answer");

  const key = accountStateKey(address);
  if (p.account.key !== toHex(key) || p.account.value === null || p.account.valueHash === null) throw refuse("the account proof is not for this contract");
  const value = fromHex(p.account.value);
  if (!bytesEqual(sha256(value), fromHex(p.account.valueHash))) throw refuse("the account's bytes do not hash to the proven value");
  if (!verifyProof(header.stateRoot, key, sha256(value), proofFromJSON(p.account.proof as never))) throw refuse("the account proof does not lead to the header's state root");
  const account = decodeAccount(value);
  if (!account.contract) throw refuse("the proven account is not a contract");
  if (!bytesEqual(sha256(utf8Bytes(p.source)), account.contract.codeHash)) throw refuse("the source is not the contract's code");

  // BALANCE() in the view: the proof proves the contract's own account, no other.
  const engine = await createSqlEngine({
    host: viewHost((who) => {
      if (who !== address) throw new Error("the proof holds only the contract's own balance");
      return account.balance;
    }),
  });
  const compiled = engine.compile(p.source);
  if (!compiled.ok) throw refuse("the contract's source does not compile");
  try {
    engine.restore(address, base64.decode(p.snapshot), compiled.artifact);
  } catch {
    throw refuse("the contract's database does not open");
  }
  const smt = createSparseMerkleTree(createMemoryNodeStore());
  const rows = engine.stateEntries(address).map((e) => [rowStateKey(address, e.table, e.key), rowValueHash(e.value)] as const);
  const storageRoot = rows.length ? smt.update(EMPTY_ROOT, rows) : EMPTY_ROOT;
  if (!bytesEqual(storageRoot, account.contract.storageRoot)) throw refuse("the contract's rows do not hash to its storage root");

  const local = engine.query(address, view, args, { blockHeight: header.height });
  if (local.status !== "success") throw refuse(`the view fails on the proven rows (${local.error?.message ?? "error"})`);
  const result = sqlValueToJSON(local.result);
  if (JSON.stringify(result) !== JSON.stringify(p.result)) throw refuse("the view gives another result on the proven rows");
  return { result, height: header.height };
}
