/**
 * The admin dashboard's audit trail: the repository's directory chain (every membership and
 * policy change, signed by whoever made it) merged with its contract deployments (signed
 * transactions on its own chain), newest first.
 */
import type { DirectoryAction } from "@/chain/repo/directoryEntry";

export type AuditRow = {
  readonly key: string;
  readonly kind: DirectoryAction["kind"] | "deploy";
  /** A username when the signer is a known person, else the signing address. */
  readonly actor: string;
  readonly actorAddress: string;
  /** Ms; null while a deploy's block time is not known yet. */
  readonly time: number | null;
  readonly details: string;
};

type DirectoryRecord = { readonly height: number; readonly hash: string; readonly time: number; readonly signer: string; readonly signerUsername: string | null; readonly entry: { readonly action: DirectoryAction } };
type DeployRecord = { readonly address: string; readonly name: string; readonly creator: string; readonly deployTx: string; readonly deployHeight: number };

/** What a directory action did, in words. */
export function describeAction(action: DirectoryAction, producerLabel: (address: string) => string = (a) => a): string {
  switch (action.kind) {
    case "create":
      return `created ${action.repo} (${action.visibility}), owned by ${action.owner.username}`;
    case "invite":
      return `invited ${action.username} as ${action.role}`;
    case "remove":
      return `removed ${action.username}`;
    case "setRole":
      return `made ${action.username} ${action.role}`;
    case "setVisibility":
      return `made the repository ${action.visibility}`;
    case "setDescription":
      return action.description ? `set the description to “${action.description}”` : "cleared the description";
    case "setProducers":
      return `set the producers to ${action.producers.map(producerLabel).join(", ") || "none"}`;
    case "createBranch":
      return `created branch ${action.name} from ${action.from} at block ${action.height}`;
    case "deleteBranch":
      return `deleted branch ${action.name}`;
    case "merge":
      return `merged ${action.source} into ${action.target}`;
  }
}

export function auditRows(opts: {
  directory: readonly DirectoryRecord[];
  deploys: readonly DeployRecord[];
  /** Block times of deploy heights, as far as they are known. */
  blockTimes: ReadonlyMap<number, number>;
  usernameOf: (address: string) => string | null;
  producerLabel?: (address: string) => string;
}): AuditRow[] {
  const rows: AuditRow[] = [
    ...opts.directory.map((b) => ({
      key: `dir-${b.hash}`,
      kind: b.entry.action.kind,
      actor: b.signerUsername ?? opts.usernameOf(b.signer) ?? b.signer,
      actorAddress: b.signer,
      time: b.time,
      details: describeAction(b.entry.action, opts.producerLabel),
    })),
    ...opts.deploys.map((c) => ({
      key: `deploy-${c.deployTx}`,
      kind: "deploy" as const,
      actor: opts.usernameOf(c.creator) ?? c.creator,
      actorAddress: c.creator,
      time: opts.blockTimes.get(c.deployHeight) ?? null,
      details: `deployed ${c.name} at ${c.address} (block #${c.deployHeight})`,
    })),
  ];
  // Unknown times sort first: they are the newest (their block was just indexed).
  return rows.sort((a, b) => (b.time ?? Infinity) - (a.time ?? Infinity));
}
