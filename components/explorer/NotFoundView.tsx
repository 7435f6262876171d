"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { repoFromPathname } from "@/components/repo/repoPaths";
import { shortHash } from "@/components/ui/format";
import { decodeSegment } from "./queries";
import { SearchBox } from "./SearchBox";

/** Says what was not found, from the address bar: an unknown block or tx, a malformed address, a wrong URL. */
export function explainNotFound(pathname: string): { title: string; detail: string } {
  // A repository's pages are the explorer's, under /OWNER/NAME.
  const segments = pathname.split("/");
  const [kind, rawId] = segments.slice(repoFromPathname(pathname) === undefined ? 1 : 3);
  const id = decodeSegment(rawId ?? "");
  const shown = `“${id.length > 70 ? shortHash(id, 30, 20) : id}”`;
  if (kind === "block" && id) {
    return { title: "Block not found", detail: `There is no block ${shown} on this chain. Blocks are found by height (a whole number up to the head) or by their base58 hash.` };
  }
  if (kind === "tx" && id) {
    return { title: "Transaction not found", detail: `There is no transaction ${shown} on this chain, sealed or pending. A transaction hash is 32 bytes in base58 (about 44 characters).` };
  }
  if (kind === "address" && id) {
    return {
      title: "Not a valid Aergo address",
      detail: `${shown} is not a valid Aergo address. An Aergo address is the base58check of a compressed public key: about 52 characters starting with “A”, and its checksum must match.`,
    };
  }
  return { title: "Page not found", detail: "This page does not exist. Search for a block, a transaction or an address instead." };
}

/** The 404 page of every route: clear about what was asked for, with a way to search again. */
export function NotFoundView() {
  const pathname = usePathname() ?? "/";
  const { title, detail } = explainNotFound(pathname);
  return (
    <div className="mx-auto max-w-2xl py-10" data-testid="not-found">
      <p className="text-sm font-semibold text-fuchsia-700">404</p>
      <h1 className="mt-1 text-2xl font-semibold text-zinc-900">{title}</h1>
      <p className="mt-3 break-words text-zinc-600" data-testid="not-found-detail">
        {detail}
      </p>
      <div className="mt-6">
        <SearchBox />
      </div>
      <p className="mt-6 text-sm">
        <Link href="/" className="text-blue-700 hover:underline">
          ← Back to the explorer
        </Link>
      </p>
    </div>
  );
}
