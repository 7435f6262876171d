"use client";
/**
 * The browser wallet: keys created or imported here, kept encrypted in this browser, unlocked
 * with the person's password into memory only (a reload locks it again), and used to sign
 * transactions and statements (sign-in challenges, directory entries) right here. The hub never
 * sees a private key.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { decryptKeystore, encryptKeystore, parseKeystore } from "@/chain/crypto/keystore";
import { createKeyPair, type KeyPair } from "@/chain/crypto/keys";
import { signStatement as signStatementWith, type StatementDomain } from "@/chain/crypto/statement";
import { loadWallet, saveWallet, withKey, type WalletFile, type WalletKey } from "./walletStorage";
import { UnlockDialog } from "./UnlockDialog";

export type Wallet = {
  /** The primary key's address: the person's identity on the hub. */
  readonly address: string | null;
  readonly keys: readonly WalletKey[];
  readonly unlocked: boolean;
  /** Creates a key, stores it encrypted with `password`, makes it primary if it is the first, unlocks it. */
  createKey(password: string, name?: string): Promise<string>;
  /** Adds an Aergo keystore (from the CLI or another wallet); `password` opens it. */
  importKeystore(json: string, password: string, name?: string): Promise<string>;
  /** The keystore JSON text of a key, for `aergo keys import`. */
  exportKeystore(address: string): string;
  unlock(password: string, address?: string): Promise<void>;
  lock(): void;
  setPrimary(address: string): void;
  /** The unlocked key, asking for the password first when it is locked. */
  requireKey(address?: string): Promise<KeyPair>;
  /** Signs `text` under `domain` with `address`'s key (default: the primary key). */
  signStatement(domain: StatementDomain, text: string, address?: string): Promise<string>;
};

const WalletContext = createContext<Wallet | null>(null);

export function WalletProvider({ children }: { children: ReactNode }) {
  const [file, setFile] = useState<WalletFile>({ keys: [], primary: null });
  const [unlockedAddresses, setUnlockedAddresses] = useState<ReadonlySet<string>>(new Set());
  const keysRef = useRef(new Map<string, KeyPair>());
  const [prompt, setPrompt] = useState<{ address: string; resolve: (k: KeyPair) => void; reject: (e: Error) => void } | null>(null);

  // localStorage exists only in the browser: read it after the first render.
  useEffect(() => setFile(loadWallet()), []);

  const store = useCallback((next: WalletFile) => {
    saveWallet(next);
    setFile(next);
  }, []);

  const remember = useCallback((key: KeyPair) => {
    keysRef.current.set(key.address, key);
    setUnlockedAddresses(new Set(keysRef.current.keys()));
  }, []);

  const unlock = useCallback(
    async (password: string, address?: string) => {
      const current = loadWallet();
      const target = address ?? current.primary;
      const entry = current.keys.find((k) => k.address === target);
      if (!entry) throw new Error("This browser holds no such key; import its keystore first.");
      remember(await decryptKeystore(entry.keystore, password));
    },
    [remember],
  );

  const requireKey = useCallback(
    (address?: string): Promise<KeyPair> => {
      const target = address ?? loadWallet().primary;
      if (!target) return Promise.reject(new Error("This browser has no wallet key yet: create or import one on the Wallet page."));
      const key = keysRef.current.get(target);
      if (key) return Promise.resolve(key);
      return new Promise((resolve, reject) => setPrompt({ address: target, resolve, reject }));
    },
    [],
  );

  const wallet = useMemo<Wallet>(
    () => ({
      address: file.primary,
      keys: file.keys,
      unlocked: file.primary !== null && unlockedAddresses.has(file.primary),
      async createKey(password, name) {
        const key = createKeyPair();
        const keystore = await encryptKeystore(key.privateKey, password);
        const current = loadWallet();
        store(withKey(current, name ?? `key-${current.keys.length + 1}`, keystore));
        remember(key);
        return key.address;
      },
      async importKeystore(json, password, name) {
        const keystore = parseKeystore(json);
        const key = await decryptKeystore(keystore, password);
        const current = loadWallet();
        store(withKey(current, name ?? `imported-${current.keys.length + 1}`, keystore));
        remember(key);
        return key.address;
      },
      exportKeystore(address) {
        const entry = loadWallet().keys.find((k) => k.address === address);
        if (!entry) throw new Error("This browser holds no such key.");
        return JSON.stringify(entry.keystore, null, 2);
      },
      unlock,
      lock() {
        keysRef.current.clear();
        setUnlockedAddresses(new Set());
      },
      setPrimary(address) {
        const current = loadWallet();
        if (!current.keys.some((k) => k.address === address)) return;
        store({ ...current, primary: address });
      },
      requireKey,
      async signStatement(domain, text, address) {
        return signStatementWith(await requireKey(address), domain, text);
      },
    }),
    [file, unlockedAddresses, unlock, requireKey, remember, store],
  );

  return (
    <WalletContext.Provider value={wallet}>
      {children}
      {prompt && (
        <UnlockDialog
          address={prompt.address}
          onUnlock={async (password) => {
            await unlock(password, prompt.address);
            prompt.resolve(keysRef.current.get(prompt.address)!);
            setPrompt(null);
          }}
          onCancel={() => {
            prompt.reject(new Error("The wallet stayed locked: nothing was signed."));
            setPrompt(null);
          }}
        />
      )}
    </WalletContext.Provider>
  );
}

export function useWallet(): Wallet {
  const w = useContext(WalletContext);
  if (!w) throw new Error("useWallet() needs <WalletProvider> (components/providers/AppProviders.tsx).");
  return w;
}
