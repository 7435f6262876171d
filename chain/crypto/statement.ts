/**
 * Signed statements: a person's key signing a short text that is not a transaction (a sign-in
 * challenge, a directory entry). The bytes signed are `"aergo-hub " ‖ domain ‖ "\n" ‖ text`, so
 * a signature made for one purpose can never be replayed as another, nor as a transaction
 * (transactions start with a version byte, never with this prefix).
 * Framework-free and browser-safe: the browser wallet, the CLI and the server share it.
 */
import { decodeAddress } from "./address.ts";
import { fromHex, toHex, utf8Bytes } from "./hash.ts";
import type { KeyPair } from "./keys.ts";
import { signMessage, verifyMessage } from "./signature.ts";

/** What a statement is for; part of the signed bytes. */
export type StatementDomain = "sign-in" | "directory";

export function statementBytes(domain: StatementDomain, text: string): Uint8Array {
  return utf8Bytes(`aergo-hub ${domain}\n${text}`);
}

/** Signs `text` for `domain`; returns the 64-byte compact signature as hex. */
export function signStatement(key: Pick<KeyPair, "privateKey">, domain: StatementDomain, text: string): string {
  return toHex(signMessage(statementBytes(domain, text), key.privateKey));
}

/** True when `signatureHex` is `address`'s key signing `text` for `domain`; false on any malformed input. */
export function verifyStatement(address: string, domain: StatementDomain, text: string, signatureHex: string): boolean {
  try {
    if (!/^[0-9a-f]{128}$/i.test(signatureHex)) return false;
    return verifyMessage(fromHex(signatureHex), statementBytes(domain, text), decodeAddress(address));
  } catch {
    return false;
  }
}
