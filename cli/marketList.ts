/** `aergo market list`: the marketplace's shelf, one card per package (its newest version), from the hub's index. */
import { z } from "zod";
import { formatAergo } from "../chain/amount.ts";
import { TAG_PATTERN } from "../chain/market/payload.ts";
import { parseInput, positionals, type CommandContext, type CommandOutput, type ParsedArgs } from "./command.ts";
import { textTable } from "./contractText.ts";
import { usageError } from "./errors.ts";
import { ZMarketListingsJSON, type MarketCardOut } from "./hubSchemas.ts";

const SORTS = ["new", "installs", "rating", "sales", "price"] as const;

const ZListFlags = z
  .object({
    q: z.string().max(100, "--q is at most 100 characters").optional(),
    tag: z.array(z.string()).max(1, "--tag takes one tag here").optional(),
    free: z.boolean().default(false),
    paid: z.boolean().default(false),
    sort: z.enum(SORTS, { error: `--sort must be ${SORTS.join(", ")}` }).default("new"),
    limit: z.string().regex(/^\d{1,3}$/, "--limit is a number from 1 to 100").refine((n) => Number(n) >= 1 && Number(n) <= 100, "--limit is a number from 1 to 100").optional(),
  })
  .refine((f) => !(f.free && f.paid), "--free and --paid exclude each other");

const ratingText = (c: MarketCardOut) => (c.rating === null ? "-" : `${c.rating} (${c.reviews})`);

export async function listMarket(args: ParsedArgs, ctx: CommandContext): Promise<CommandOutput> {
  parseInput(positionals([]), args.positionals.slice(1), "market list");
  const flags = parseInput(ZListFlags, args.values, "market list");
  const tag = flags.tag?.[0];
  if (tag !== undefined && !TAG_PATTERN.test(tag)) throw usageError(`aergo market list: --tag "${tag.slice(0, 40)}" is not a tag (1–24 lowercase letters, digits or '-').`);
  const shelf = await ctx.hub().get(
    "getMarketListings",
    { q: flags.q, tag, price: flags.free ? "free" : flags.paid ? "paid" : undefined, sort: flags.sort, limit: flags.limit },
    ZMarketListingsJSON,
  );
  if (shelf.cards.length === 0) return { json: shelf, text: "No listings match." };
  const rows = shelf.cards.map((c) => [
    `${c.package}@${c.version}`,
    c.title,
    c.priceAer === "0" ? "free" : formatAergo(BigInt(c.priceAer)),
    ratingText(c),
    c.sales,
    c.installs,
    c.tags.join(","),
    c.unsafeReason === null ? "" : "UNSAFE",
  ]);
  const table = textTable(["LISTING", "TITLE", "PRICE (AERGO)", "RATING", "SALES", "INSTALLS", "TAGS", "NOTE"], rows);
  const more = shelf.total > shelf.cards.length ? `\n${shelf.cards.length} of ${shelf.total} packages (--limit N for more)` : "";
  return { json: shelf, text: table + more };
}
