/**
 * Where the browser wallet keeps its keys: localStorage, each key as an Aergo v1 keystore
 * (encrypted with the person's password by scrypt + AES-CTR), so what is stored is exactly the
 * file `aergo keys import` reads. No private key is ever stored unencrypted, nor sent anywhere.
 */
import { z } from "zod";
import { ZKeystore, type Keystore } from "@/chain/crypto/keystore";

const STORAGE_KEY = "aergo-hub.wallet.v1";

export const ZWalletKey = z.object({ name: z.string().min(1).max(64), address: z.string(), keystore: ZKeystore, createdAt: z.number() });
export type WalletKey = z.infer<typeof ZWalletKey>;
const ZWalletFile = z.object({ keys: z.array(ZWalletKey).max(100), primary: z.string().nullable() });
export type WalletFile = z.infer<typeof ZWalletFile>;

const EMPTY: WalletFile = { keys: [], primary: null };

/** The stored wallet; an unreadable entry (another version, edited by hand) reads as empty rather than breaking pages. */
export function loadWallet(): WalletFile {
  if (typeof window === "undefined") return EMPTY;
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    if (!raw) return EMPTY;
    const parsed = ZWalletFile.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : EMPTY;
  } catch {
    return EMPTY;
  }
}

export function saveWallet(file: WalletFile): void {
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify(file));
}

/** Adds (or replaces, by address) a key; the first key becomes the primary one. */
export function withKey(file: WalletFile, name: string, keystore: Keystore): WalletFile {
  const address = keystore.aergo_address;
  const keys = [...file.keys.filter((k) => k.address !== address), { name, address, keystore, createdAt: Date.now() }];
  return { keys, primary: file.primary ?? address };
}
