/**
 * Repositories: explore, mine, one repository's summary, its directory (members, roles,
 * visibility, producers: signed entries from the person's wallet), its audit trail and usage.
 */
import { z } from "zod";
import { ChainError, ErrorCode } from "../../../chain/errors.ts";
import { parseDirectoryEntry, type DirectoryEntry } from "../../../chain/repo/directoryEntry.ts";
import type { RepositoryState } from "../../../chain/repo/directoryState.ts";
import { ZUsername } from "../../../chain/repo/names.ts";
import { usageSeries } from "../../../db/queries/index.ts";
import { READ_BOUNDS } from "../../../chain/readBounds.ts";
import { accessTo } from "../../access/policy.ts";
import type { Viewer } from "../../access/viewer.ts";
import type { Hub } from "../../hub/types.ts";
import type { Repository } from "../../hub/repositories.ts";
import { createTRPCRouter, publicProcedure, repoAdminProcedure, repoReadProcedure, userProcedure } from "../trpc.ts";

export type RepoSummaryJSON = {
  readonly fullName: string;
  readonly owner: string;
  readonly name: string;
  readonly visibility: "public" | "private";
  readonly description: string;
  readonly isRoot: boolean;
  readonly createdAt: number;
  readonly memberCount: number;
  readonly height: number;
  readonly consensus: "dpos" | "poa";
  /** What the viewer may do here. */
  readonly access: { readonly role: string | null; readonly read: boolean; readonly write: boolean; readonly admin: boolean };
  /** A fork's origin, when the viewer may read the origin too. */
  readonly forkOf: { readonly repo: string; readonly branch: string; readonly height: number; readonly hash: string } | null;
};

function summary(repo: Repository, viewer: Viewer, originOf?: (fullName: string) => Repository | undefined): RepoSummaryJSON {
  const s = repo.state();
  const origin = s.forkOf && originOf?.(s.forkOf.repo);
  const [owner, name] = s.fullName.split("/") as [string, string];
  return {
    fullName: s.fullName,
    owner,
    name,
    visibility: s.visibility,
    description: s.description,
    isRoot: repo.isRoot,
    createdAt: s.createdAt,
    memberCount: s.members.length,
    height: repo.node.headHeight(),
    consensus: repo.node.genesis.consensus.kind,
    access: accessTo(viewer, s),
    forkOf: s.forkOf && origin && accessTo(viewer, origin.state()).read ? s.forkOf : null,
  };
}

/** The directory state as a person may see it (addresses are public keys' names, nothing secret). */
function directoryJSON(s: RepositoryState) {
  return { head: s.head, visibility: s.visibility, description: s.description, members: s.members, producers: s.producers, branches: s.branches, chainId: s.chainId, createdBy: s.createdBy };
}

const ZEntryInput = z.object({ entry: z.unknown() });

/**
 * A signed entry must be signed by the person sending it: a stolen session cannot use someone
 * else's signature, and a signature alone (without the session) does not act for anyone.
 */
function entryFrom(input: unknown, viewer: Extract<Viewer, { kind: "user" }>): DirectoryEntry {
  const entry = parseDirectoryEntry(input);
  if (entry.signer !== viewer.address) {
    throw new ChainError(ErrorCode.Forbidden, `The entry is signed by ${entry.signer}, but you are signed in as ${viewer.username} (${viewer.address}); sign it with your own key.`);
  }
  return entry;
}

/** Invitations name people who have an account here, with the identity address they hold. */
function checkInvitee(hub: Hub, entry: DirectoryEntry) {
  if (entry.action.kind !== "invite") return;
  const person = hub.people.byUsername(entry.action.username);
  if (!person) throw new ChainError(ErrorCode.NotFound, `No one is called ${entry.action.username} on this hub; they must sign up before they can be invited.`);
  if (person.address !== entry.action.address) throw new ChainError(ErrorCode.BadRequest, `${entry.action.username}'s identity address is ${person.address}, not ${entry.action.address}.`);
}

export const reposRouter = createTRPCRouter({
  /** Public repositories, newest first (the root repository first of all): at most 200; `q` narrows. */
  explore: publicProcedure.input(z.object({ q: z.string().trim().max(100).default("") }).default({ q: "" })).query(({ ctx, input }) =>
    ctx.hub.repos
      .list()
      .filter((r) => r.state().visibility === "public" && r.fullName.includes(input.q.toLowerCase()))
      .sort((a, b) => Number(b.isRoot) - Number(a.isRoot) || b.state().createdAt - a.state().createdAt)
      .slice(0, READ_BOUNDS.maxRepoList)
      .map((r) => summary(r, ctx.viewer, ctx.hub.repos.get)),
  ),
  /** The repositories the signed-in person is a member of (the newest 200). */
  mine: userProcedure.query(({ ctx }) =>
    ctx.hub.repos
      .list()
      .filter((r) => r.state().members.some((m) => m.username === ctx.user.username))
      .sort((a, b) => b.state().createdAt - a.state().createdAt)
      .slice(0, READ_BOUNDS.maxRepoList)
      .map((r) => summary(r, ctx.viewer, ctx.hub.repos.get)),
  ),
  get: repoReadProcedure.query(({ ctx }) => ({ ...summary(ctx.repo, ctx.viewer, ctx.hub.repos.get), directory: directoryJSON(ctx.repo.state()) })),
  /** The hub's node keys a private repository may choose as its PoA producers. */
  /**
   * The repositories this one can be compared and merged with (server/hub/crossRepo.ts): its
   * origin and its forks, those the viewer may read only (a private one stays unseen).
   */
  related: repoReadProcedure.query(({ ctx }) => {
    const me = ctx.repo.state();
    return ctx.hub.repos
      .list()
      .filter((r) => r.fullName === me.forkOf?.repo || r.state().forkOf?.repo === me.fullName)
      .filter((r) => accessTo(ctx.viewer, r.state()).read)
      .map((r) => ({ fullName: r.fullName, kind: r.fullName === me.forkOf?.repo ? ("origin" as const) : ("fork" as const), branches: r.node.listBranches().map((b) => b.name) }));
  }),
  producerChoices: publicProcedure.query(({ ctx }) => ctx.hub.repos.producerChoices),
  /** Producers with their produced and missed slots (the dashboard's producer health). */
  producers: repoReadProcedure.query(({ ctx }) => {
    const info = ctx.repo.node.info();
    return { consensus: info.consensus, producers: info.producers, lastIrreversible: ctx.repo.node.lastIrreversible(), height: ctx.repo.node.headHeight() };
  }),
  /** The directory chain: every membership and policy change, signed, sealed, hash-linked. */
  auditTrail: repoAdminProcedure.query(({ ctx }) =>
    ctx.hub.repos
      .history(ctx.repo.fullName)
      .map((b) => ({ height: b.height, hash: b.hash, prevHash: b.prevHash, time: b.time, sealer: b.sealer, entry: b.entry, signer: b.entry.signer, signerUsername: ctx.hub.people.byAddress(b.entry.signer)?.username ?? null }))
      .reverse(),
  ),
  /** Blocks, transactions, gas and stored bytes per time bucket, oldest first (the admin dashboard's charts). */
  usage: repoAdminProcedure
    .input(z.object({ windowMinutes: z.number().int().min(1).max(527_040).default(60), buckets: z.number().int().min(1).max(200).default(30) }))
    .query(({ ctx, input }) => usageSeries(ctx.hub.index.db, { repo: ctx.repo.fullName, windowMs: input.windowMinutes * 60_000, buckets: input.buckets, now: Date.now() })),
  /** Starts a repository from a `create` entry signed by the person's wallet key. */
  create: userProcedure.input(ZEntryInput).mutation(async ({ ctx, input }) => {
    const entry = entryFrom(input.entry, ctx.user);
    if (entry.action.kind !== "create") throw new ChainError(ErrorCode.BadRequest, "Use a create entry to create a repository.");
    if (entry.action.owner.username !== ctx.user.username || entry.action.owner.address !== ctx.user.address) {
      throw new ChainError(ErrorCode.Forbidden, "A repository is created with yourself as its owner.");
    }
    if (entry.action.repo.split("/")[0] !== ctx.user.username) throw new ChainError(ErrorCode.Forbidden, `Create repositories under your own name: ${ctx.user.username}/NAME.`);
    if (entry.action.chainId !== `hub/${entry.action.repo}`) throw new ChainError(ErrorCode.BadRequest, `The chain id of ${entry.action.repo} is hub/${entry.action.repo}.`);
    const repo = await ctx.hub.repos.create(entry);
    return summary(repo, ctx.viewer, ctx.hub.repos.get);
  }),
  /** Applies a signed directory entry: invite, remove, setRole, setVisibility, setDescription, setProducers. */
  applyEntry: userProcedure.input(ZEntryInput).mutation(async ({ ctx, input }) => {
    const entry = entryFrom(input.entry, ctx.user);
    const repo = ctx.hub.repos.get(entry.repo);
    // Outsiders of a private repository learn nothing, not even that it exists.
    if (!repo || !accessTo(ctx.viewer, repo.state()).read) throw new ChainError(ErrorCode.NotFound, `No repository ${entry.repo}.`);
    checkInvitee(ctx.hub, entry);
    const state = await ctx.hub.repos.apply(entry);
    // A branch's editor files follow the ref: copied from its base at creation, dropped with it.
    if (entry.action.kind === "createBranch") ctx.hub.sources.copyBranch(entry.repo, entry.action.from, entry.action.name);
    if (entry.action.kind === "deleteBranch") ctx.hub.sources.dropBranch(entry.repo, entry.action.name);
    return directoryJSON(state);
  }),
});

export const peopleRouter = createTRPCRouter({
  /** Who is signed in. */
  me: publicProcedure.query(({ ctx }) => (ctx.viewer.kind === "user" ? { username: ctx.viewer.username, address: ctx.viewer.address } : null)),
  /** A person's public identity, to invite them. */
  lookup: userProcedure.input(z.object({ username: ZUsername })).query(({ ctx, input }) => {
    const person = ctx.hub.people.byUsername(input.username);
    if (!person) throw new ChainError(ErrorCode.NotFound, `No one is called ${input.username} on this hub.`);
    return { username: person.username, address: person.address };
  }),
});
