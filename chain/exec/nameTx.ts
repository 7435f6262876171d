/**
 * Executes a `name` transaction on the pending state (called by applyTx inside its atomic scope,
 * after the nonce, gas and balance checks). Every refusal throws a ChainError before or instead
 * of a write, and applyTx's scope drops whatever was written: a refused name transaction is not
 * included, pays no fee and moves no money, exactly like a failing transfer.
 */
import { formatAergo } from "../amount.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import { decodeNameRecord, encodeNameRecord, NAME_ACCOUNT, nameEntryId, parseNamePayload, readNamePrice } from "../names/names.ts";
import type { Account } from "../state/account.ts";
import type { PendingState } from "../state/worldState.ts";
import type { SignedTx } from "../tx/tx.ts";

/**
 * @param charged - the sender with the fee taken and the nonce advanced.
 * @throws ChainError INVALID_ADDRESS (not sent to the name account), INVALID_PAYLOAD, INVALID_NAME,
 * INVALID_AMOUNT (not the name price / an update with an amount), NAME_TAKEN, NOT_FOUND (update of
 * an unregistered name), FORBIDDEN (update by someone who does not own the name).
 */
export function applyNameTx(state: PendingState, tx: SignedTx, charged: Account, height: number, chainPrice?: bigint): void {
  if (tx.to !== NAME_ACCOUNT) {
    throw new ChainError(ErrorCode.InvalidAddress, `A name transaction is sent to the name account ${NAME_ACCOUNT}.`, { nameAccount: NAME_ACCOUNT });
  }
  const op = parseNamePayload(tx.payload);
  const id = nameEntryId(op.name);
  const existing = state.getEntry(id);
  if (op.op === "register") {
    if (existing) throw new ChainError(ErrorCode.NameTaken, `The name "${op.name}" is registered already.`, { name: op.name, owner: decodeNameRecord(op.name, existing).owner });
    const price = readNamePrice((e) => state.getEntry(e), chainPrice);
    if (tx.amount !== price) {
      throw new ChainError(ErrorCode.InvalidAmount, `A name costs ${formatAergo(price)} AERGO; send exactly that amount (this transaction sends ${formatAergo(tx.amount)}).`, { price: price.toString() });
    }
    const owner = op.owner ?? tx.from;
    state.set(tx.from, { ...charged, balance: charged.balance - tx.amount });
    const nameAccount = state.get(NAME_ACCOUNT);
    state.set(NAME_ACCOUNT, { ...nameAccount, balance: nameAccount.balance + tx.amount });
    state.setEntry(id, encodeNameRecord({ name: op.name, owner, destination: op.destination ?? owner, height }));
    return;
  }
  if (!existing) throw new ChainError(ErrorCode.NotFound, `The name "${op.name}" is not registered.`, { name: op.name });
  const record = decodeNameRecord(op.name, existing);
  if (record.owner !== tx.from) throw new ChainError(ErrorCode.Forbidden, `Only the owner of "${op.name}" (${record.owner}) can update it.`, { name: op.name, owner: record.owner });
  if (tx.amount !== 0n) throw new ChainError(ErrorCode.InvalidAmount, "A name update carries no amount.");
  state.set(tx.from, charged);
  state.setEntry(id, encodeNameRecord({ name: op.name, owner: op.owner, destination: op.destination ?? op.owner, height }));
}
