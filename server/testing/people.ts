/**
 * People and repositories for hub tests, over the same doors a browser or the CLI uses: key
 * sign-in (/v1/auth/*), tRPC over plain HTTP with a bearer token, signed directory entries.
 */
import type { KeyPair } from "../../chain/crypto/keys.ts";
import { signStatement } from "../../chain/crypto/statement.ts";
import { signDirectoryEntry, type DirectoryAction } from "../../chain/repo/directoryEntry.ts";
import type { HttpAnswer, HubProcess } from "./hubProcess.ts";

export type Person = { readonly username: string; readonly key: KeyPair; readonly token: string };

/** Signs in with a key (creating the account on first use); returns its bearer token. */
export async function signInWithKey(hub: HubProcess, key: KeyPair, username: string): Promise<Person> {
  const challenge = (await hub.request("/v1/auth/challenge", { method: "POST", body: "{}", headers: { "content-type": "application/json" } })).json as { id: string; text: string };
  const body = JSON.stringify({ challengeId: challenge.id, address: key.address, signature: signStatement(key, "sign-in", challenge.text), username });
  const a = await hub.request("/v1/auth/key", { method: "POST", body, headers: { "content-type": "application/json" } });
  if (a.status !== 200) throw new Error(`sign-in of ${username} failed: ${a.text}`);
  return { username, key, token: (a.json as { token: string }).token };
}

const auth = (who: Person | null): Record<string, string> => (who ? { authorization: `Bearer ${who.token}` } : {});

export type TrpcAnswer = { readonly status: number; readonly data: unknown; readonly error: { message: string; code: string; data?: { domainCode?: string | null } } | null; readonly text: string };

function trpcAnswer(a: HttpAnswer): TrpcAnswer {
  const j = a.json as { result?: { data: unknown }; error?: TrpcAnswer["error"] } | undefined;
  return { status: a.status, data: j?.result?.data, error: j?.error ?? null, text: a.text };
}

export async function trpcQuery(hub: HubProcess, proc: string, input: unknown, who: Person | null): Promise<TrpcAnswer> {
  const q = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return trpcAnswer(await hub.request(`/api/trpc/${proc}${q}`, { headers: auth(who) }));
}

export async function trpcMutation(hub: HubProcess, proc: string, input: unknown, who: Person | null): Promise<TrpcAnswer> {
  return trpcAnswer(await hub.request(`/api/trpc/${proc}`, { method: "POST", body: JSON.stringify(input), headers: { "content-type": "application/json", ...auth(who) } }));
}

/** Signs `action` against the repository's current directory head and applies it. */
export async function directoryChange(hub: HubProcess, repo: string, action: DirectoryAction, who: Person, reader: Person = who): Promise<TrpcAnswer> {
  const current = await trpcQuery(hub, "repos.get", { repo }, reader);
  const head = (current.data as { directory: { head: { hash: string } } } | undefined)?.directory.head.hash ?? "0".repeat(64);
  const entry = signDirectoryEntry(who.key, { repo, prev: head, time: Date.now(), signer: who.key.address, action });
  return trpcMutation(hub, "repos.applyEntry", { entry }, who);
}

export async function createRepo(hub: HubProcess, owner: Person, name: string, visibility: "public" | "private", description = `${visibility} test repository`): Promise<TrpcAnswer> {
  const repo = `${owner.username}/${name}`;
  const producers = visibility === "private" ? [((await trpcQuery(hub, "repos.producerChoices", undefined, owner)).data as { address: string }[])[0]!.address] : [];
  const entry = signDirectoryEntry(owner.key, {
    repo,
    prev: "",
    time: Date.now(),
    signer: owner.key.address,
    action: { kind: "create", repo, visibility, description, owner: { username: owner.username, address: owner.key.address }, producers, chainId: `hub/${repo}` },
  });
  return trpcMutation(hub, "repos.create", { entry }, owner);
}
