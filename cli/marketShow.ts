/** `aergo market show PACKAGE[@VERSION] [--source]`: one version as its page shows it, read from the root chain. */
import { z } from "zod";
import { formatAergo } from "../chain/amount.ts";
import { parseInput, positionals, type CommandContext, type CommandOutput, type ParsedArgs } from "./command.ts";
import type { ContractAbiOut, MarketListingDetailOut } from "./hubSchemas.ts";
import { fetchListing, parseListingRef, priceSplit, priceSplitText } from "./marketTx.ts";

const ZShowFlags = z.object({ source: z.boolean().default(false) });

function abiLines(abi: ContractAbiOut): string[] {
  const params = (ps: readonly { name: string; type: string }[]) => ps.map((p) => `${p.name} ${p.type}`).join(", ");
  return [
    ...abi.procedures.filter((r) => !r.resolver).map((r) => `  procedure ${r.name}(${params(r.params)})${r.returns ? ` → ${r.returns}` : ""}`),
    ...abi.views.map((r) => `  view      ${r.name}(${params(r.params)})${r.returns ? ` → ${r.returns}` : ""}`),
    ...abi.events.map((e) => `  event     ${e.name}(${params(e.params)})`),
  ];
}

function versionLine(v: MarketListingDetailOut["versions"][number], shown: string): string {
  const price = v.priceAer === "0" ? "free" : `${formatAergo(BigInt(v.priceAer))} AERGO`;
  const rating = v.rating === null ? "no reviews" : `rating ${v.rating} (${v.reviews})`;
  return `  ${v.version === shown ? "*" : " "} ${v.version}  ${price}  sales ${v.sales}  installs ${v.installs}  ${rating}${v.unsafeReason === null ? "" : `  UNSAFE: ${v.unsafeReason}`}`;
}

function listingText(d: MarketListingDetailOut, withSource: boolean): string {
  const l = d.listing;
  const lines = [
    `${l.package}@${l.version}  ${l.title}  (${l.kind})`,
    ...(l.description ? [l.description] : []),
    "",
    `publisher  ${l.publisher}`,
    `price      ${priceSplitText(priceSplit(l.price.aer, d.params.hubFeeBps))}`,
    `licence    ${l.license}`,
    `tags       ${l.tags.join(", ") || "-"}`,
    `source     ${l.sourceHash} (sha256, from ${l.repo})`,
    `files      ${d.files.map((f) => (f.path === l.mainFile ? `${f.path} (main)` : f.path)).join(", ")}`,
    `published  block ${l.publishedAt}`,
    ...(l.unsafe ? [`UNSAFE     ${l.unsafe.reason} (marked at block ${l.unsafe.height}): do not buy or install`] : []),
    "",
    "versions:",
    ...d.versions.map((v) => versionLine(v, l.version)),
    "",
    d.abi ? `ABI of ${l.mainFile} (${d.abi.name}):` : `ABI: ${l.mainFile} does not compile on this hub.`,
    ...(d.abi ? abiLines(d.abi) : []),
  ];
  if (l.readme.trim()) lines.push("", "README:", ...l.readme.trimEnd().split("\n").map((s) => `  ${s}`));
  if (withSource) for (const f of d.files) lines.push("", `==> ${f.path} <==`, f.content.trimEnd());
  return lines.join("\n");
}

export async function showListing(args: ParsedArgs, ctx: CommandContext): Promise<CommandOutput> {
  const [refText] = parseInput(positionals(["PACKAGE[@VERSION]"]), args.positionals.slice(1), "market show");
  const flags = parseInput(ZShowFlags, args.values, "market show");
  const detail = await fetchListing(ctx.hub(), parseListingRef(refText!, { versionOptional: true }));
  return { json: detail, text: listingText(detail, flags.source) };
}
