/**
 * Test helpers for the directory (used by chain/repo/*.test.ts only): well-known people with
 * dev keys, and a harness that signs entries against the current head like a real client would.
 */
import { devKeyPair, type KeyPair } from "../crypto/keys.ts";
import { sealDirectoryBlock, type DirectoryBlock } from "./directoryChain.ts";
import { signDirectoryEntry, type DirectoryAction, type DirectoryEntry } from "./directoryEntry.ts";
import { applyEntry, type RepositoryState } from "./directoryState.ts";
import type { Role } from "./names.ts";

export type Person = { readonly username: string; readonly key: KeyPair; readonly address: string };

export function person(username: string): Person {
  const key = devKeyPair(`directory test: ${username}`);
  return { username, key, address: key.address };
}

export const hubKey = devKeyPair("directory test: hub seal");

export const alice = person("alice");
export const bob = person("bob");
export const carol = person("carol");
export const dave = person("dave");
export const erin = person("erin");

export function signAs(who: Person, repo: string, prev: string, action: DirectoryAction, time = 1_700_000_000_000): DirectoryEntry {
  return signDirectoryEntry(who.key, { repo, prev, time, signer: who.address, action });
}

export function createAction(owner: Person, name: string, extra: Partial<Extract<DirectoryAction, { kind: "create" }>> = {}): Extract<DirectoryAction, { kind: "create" }> {
  const repo = `${owner.username}/${name}`;
  return {
    kind: "create",
    repo,
    visibility: "public",
    description: "A test repository.",
    owner: { username: owner.username, address: owner.address },
    producers: [],
    chainId: `hub/${repo}`,
    ...extra,
  };
}

export const invite = (who: Person, role: Role): DirectoryAction => ({ kind: "invite", username: who.username, address: who.address, role });

/** A chain built in memory: blocks plus the folded state, extended only by accepted entries. */
export class ChainHarness {
  blocks: DirectoryBlock[] = [];
  state: RepositoryState | null = null;
  private clock = 1_700_000_000_000;

  constructor(readonly repo: string) {}

  get head(): string {
    return this.state?.head.hash ?? "";
  }

  /** Signs `action` as `who` against the current head. */
  sign(who: Person, action: DirectoryAction): DirectoryEntry {
    return signAs(who, this.repo, this.head, action, this.clock);
  }

  /** Seals and applies a signed entry; throws (changing nothing) when the rules refuse it. */
  push(entry: DirectoryEntry): RepositoryState {
    this.clock += 1000;
    const block = sealDirectoryBlock(this.blocks.at(-1) ?? null, entry, hubKey, this.clock);
    const next = applyEntry(this.state, entry, { height: block.height, hash: block.hash, time: block.time });
    this.blocks.push(block);
    this.state = next;
    return next;
  }

  step(who: Person, action: DirectoryAction): RepositoryState {
    return this.push(this.sign(who, action));
  }
}
