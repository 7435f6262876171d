import { isAddress, isContractAddress } from "@/chain/crypto/address";
import { parseCallPayload, type CallPayload } from "@/chain/exec/contractPayload";
import { systemAccountOf } from "@/chain/systemAccounts";
import { chainHref, repoHref } from "@/components/repo/repoPaths";
import { HashLink } from "@/components/ui/HashLink";

// Cheap shape check before the checksum: most cells are not addresses.
const ADDRESS_SHAPE = /^A[1-9A-HJ-NP-Za-km-z]{45,56}$/;

/** The page of an account on the chain of `repo` (absent: the root's) and `branch`: a contract's own page for contract addresses. */
export function accountHref(address: string, repo?: string, branch?: string): string {
  return isContractAddress(address) && !systemAccountOf(address) ? repoHref(repo, `/contract/${address}`, branch) : chainHref(repo, `/address/${address}`, branch);
}

export function looksLikeAddress(value: unknown): value is string {
  return typeof value === "string" && ADDRESS_SHAPE.test(value) && isAddress(value);
}

/**
 * One SQL value as the chain answered it (chain/exec/contracts.ts sqlValueToJSON): NULL, a
 * number, a decimal string for big integers, text, `0x…` for blobs. Addresses link to their page.
 */
export function ContractValue({ value, full = false, repo, branch }: { value: unknown; full?: boolean; repo?: string; branch?: string }) {
  if (value === null || value === undefined) return <span className="mono text-zinc-400">NULL</span>;
  if (typeof value === "number" || typeof value === "bigint") return <span className="mono tabular-nums">{String(value)}</span>;
  if (typeof value === "boolean") return <span className="mono">{String(value)}</span>;
  if (looksLikeAddress(value)) return <HashLink value={value} href={accountHref(value, repo, branch)} full={full} />;
  if (typeof value === "string") {
    const long = value.length > 120;
    return (
      <span className="mono break-all whitespace-pre-wrap" title={long ? value : undefined}>
        {long ? `${value.slice(0, 120)}…` : value}
      </span>
    );
  }
  return <span className="mono break-all">{JSON.stringify(value)}</span>;
}

/**
 * Named arguments of an event: `from: Am…, to: Am…, amount: 10`, in the order the ABI declares
 * them when it is known (the index stores them as jsonb, which reorders keys).
 */
export function EventArgs({ args, order, repo, branch }: { args: Readonly<Record<string, unknown>>; order?: readonly string[]; repo?: string; branch?: string }) {
  const known = order?.filter((name) => name in args) ?? [];
  const entries = [...known, ...Object.keys(args).filter((name) => !known.includes(name))].map((name) => [name, args[name]] as const);
  if (entries.length === 0) return <span className="text-zinc-400">no arguments</span>;
  return (
    <span className="flex flex-wrap items-center gap-x-3 gap-y-0.5">
      {entries.map(([name, value]) => (
        <span key={name} className="inline-flex items-center gap-1">
          <span className="text-zinc-500">{name}:</span>
          <ContractValue value={value} repo={repo} branch={branch} />
        </span>
      ))}
    </span>
  );
}

/** What a call transaction asks for, read by the chain's own decoder (base64 in TxJSON); null for anything else. */
export function contractCallOf(payloadBase64: string): CallPayload | null {
  try {
    return parseCallPayload(Uint8Array.from(atob(payloadBase64), (c) => c.charCodeAt(0)));
  } catch {
    // Not base64, or not a call payload the chain would run: the page shows the raw payload only.
    return null;
  }
}
