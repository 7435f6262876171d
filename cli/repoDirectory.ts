/**
 * What the `aergo repo` commands share: the OWNER/NAME argument, the signed-in person's key, and
 * sending a directory entry signed by that key (chain/repo/directoryEntry.ts). The hub only seals
 * entries; the signature is made here, with the key the session was opened with.
 */
import type { KeyPair } from "../chain/crypto/keys.ts";
import { signDirectoryEntry, type DirectoryAction } from "../chain/repo/directoryEntry.ts";
import { ZRepoFullName } from "../chain/repo/names.ts";
import type { CommandContext } from "./command.ts";
import { CliError, usageError } from "./errors.ts";
import { ZDirectoryJSON, ZRepoDetailJSON, type RepoDetailOut } from "./hubSchemas.ts";
import { unlockKey } from "./keyDir.ts";
import { requireSession, type Session } from "./session.ts";

/** @throws CliError exit 2 when `text` is not OWNER/NAME. */
export function repoArg(text: string | undefined, command: string): string {
  const parsed = ZRepoFullName.safeParse(text ?? "");
  if (!parsed.success) throw usageError(`aergo ${command}: "${(text ?? "").slice(0, 110)}" is not a repository (OWNER/NAME).`, `Run "aergo ${command} --help" for usage.`);
  return parsed.data;
}

export type Signer = { readonly session: Session; readonly key: KeyPair };

/**
 * The session for this hub and its key, unlocked.
 * @throws CliError "Run aergo login --key NAME first" without a session; when the key is gone or
 *   is no longer the one the session was opened with.
 */
export async function sessionSigner(ctx: CommandContext): Promise<Signer> {
  const session = requireSession(ctx.home, ctx.hubUrl);
  const key = await unlockKey(ctx.home, ctx.env, session.key);
  if (key.address !== session.address) {
    throw new CliError(`The key "${session.key}" is ${key.address}, but you signed in as ${session.username} (${session.address}). Run aergo login --key NAME again.`);
  }
  return { session, key };
}

/** One repository as the viewer may see it (NOT_FOUND for a private one they are not in). */
export function getRepo(ctx: CommandContext, repo: string): Promise<RepoDetailOut> {
  return ctx.hub().query("repos.get", { repo }, ZRepoDetailJSON);
}

/**
 * Signs `action` against the repository's current directory head and applies it. If someone else
 * changed the directory in between, the hub refuses the entry as stale (CONFLICT); it is then
 * signed again against the new head, a few times at most.
 */
export async function applyAction(ctx: CommandContext, signer: Signer, repo: string, action: DirectoryAction) {
  for (let attempt = 1; ; attempt++) {
    const head = (await getRepo(ctx, repo)).directory.head.hash;
    const entry = signDirectoryEntry(signer.key, { repo, prev: head, time: Date.now(), signer: signer.key.address, action });
    try {
      return await ctx.hub().mutate("repos.applyEntry", { entry }, ZDirectoryJSON);
    } catch (e) {
      const stale = e instanceof CliError && /older directory head/.test(e.message);
      if (!stale || attempt >= 3) throw e;
    }
  }
}
