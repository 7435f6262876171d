"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { isAddress } from "@/chain/crypto/address";
import { shortHash } from "@/components/ui/format";
import { decodeSegment } from "./queries";
import { SearchBox } from "./SearchBox";

/** The contract page's 404, in the style of the explorer's own (NotFoundView): what was asked for, and why it is not there. */
export function ContractNotFound() {
  const pathname = usePathname() ?? "/";
  // /contract/ADDRESS, or /OWNER/NAME/contract/ADDRESS in a repository.
  const segments = pathname.split("/");
  const id = decodeSegment(segments[segments.lastIndexOf("contract") + 1] ?? "");
  const shown = `“${id.length > 70 ? shortHash(id, 30, 20) : id}”`;
  const valid = isAddress(id);
  return (
    <div className="mx-auto max-w-2xl py-10" data-testid="not-found">
      <p className="text-sm font-semibold text-fuchsia-700">404</p>
      <h1 className="mt-1 text-2xl font-semibold text-zinc-900">{valid ? "Contract not found" : "Not a valid Aergo address"}</h1>
      <p className="mt-3 break-words text-zinc-600" data-testid="not-found-detail">
        {valid
          ? `No contract is deployed at ${shown} on this chain. A deploy that failed leaves no contract: look its transaction up by hash to see why.`
          : `${shown} is not a valid Aergo address. An Aergo address is the base58check of a compressed public key: about 52 characters starting with “A”, and its checksum must match.`}
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
