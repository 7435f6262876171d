/**
 * The light client's check of `getState?proof=true`: trust nothing the hub says about the
 * account unless the header's producer signed the header, the header commits to a state root,
 * and the Merkle proof ties the account's bytes to that root. Every value is recomputed here.
 */
import type { z } from "zod";
import { headerFromJSON, verifyHeaderSignature } from "../chain/block/header.ts";
import { bytesEqual, fromHex, sha256, toHex } from "../chain/crypto/hash.ts";
import { accountStateKey, decodeAccount, EMPTY_ACCOUNT } from "../chain/state/account.ts";
import { proofFromJSON, verifyProof } from "../chain/state/proof.ts";
import { CliError } from "./errors.ts";
import type { ZAccountProofJSON } from "./hubSchemas.ts";

type AccountProof = z.infer<typeof ZAccountProofJSON>;

const refuse = (why: string) => new CliError(`The hub's proof does not verify: ${why}. Do not trust this answer.`);

/**
 * @returns the account as proven: balance and nonce decoded from the proven bytes.
 * @throws CliError (exit 1) naming the first check that failed.
 */
export function verifyAccountProof(address: string, p: AccountProof, expectedChainIdHash: string): { balance: bigint; nonce: number; staked: bigint } {
  let header;
  try {
    header = headerFromJSON(p.header);
  } catch (e) {
    throw refuse(`the header is malformed (${e instanceof Error ? e.message : String(e)})`);
  }
  if (header.hashText !== p.header.hash) throw refuse("the header's fields do not hash to its hash");
  if (p.header.chainIdHash !== expectedChainIdHash) throw refuse("the header belongs to another chain");
  if (header.height === 0) throw refuse("the genesis header carries no producer signature; ask for a later height");
  if (!verifyHeaderSignature(header)) throw refuse(`the header is not signed by its producer ${header.producer}`);

  // The state key is derived from the address here, not taken from the hub.
  const key = accountStateKey(address);
  if (p.key !== toHex(key)) throw refuse("the proof is for another account's state key");
  let proof;
  try {
    proof = proofFromJSON(p.proof);
  } catch (e) {
    throw refuse(e instanceof Error ? e.message : String(e));
  }
  let valueHash: Uint8Array | null = null;
  let account = EMPTY_ACCOUNT;
  if (p.valueHash !== null) {
    if (p.value === null) throw refuse("the account's bytes are missing");
    const value = fromHex(p.value);
    valueHash = sha256(value);
    if (!bytesEqual(valueHash, fromHex(p.valueHash))) throw refuse("the account's bytes do not hash to the proven value hash");
    try {
      account = decodeAccount(value);
    } catch {
      throw refuse("the account's bytes do not decode");
    }
  }
  if (!verifyProof(header.stateRoot, key, valueHash, proof)) throw refuse(`the Merkle proof does not lead to the state root of block ${header.height}`);
  // The readable fields the hub sent must say what the proven bytes say.
  if (p.account.balance.aer !== account.balance.toString() || p.account.nonce !== account.nonce) {
    throw refuse("the account fields differ from the proven account");
  }
  return { balance: account.balance, nonce: account.nonce, staked: account.staked };
}
