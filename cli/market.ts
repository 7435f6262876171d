/**
 * `aergo market list|show|publish|buy|install|review|unsafe`: the marketplace (docs/market.md).
 * Listings, purchases, reviews and unsafe marks live on the root chain, so every read and signed
 * transaction goes to the hub's root repository; --repo names the repository a listing is
 * published from or installed into, never the chain the command signs on.
 */
import type { Command, CommandContext, CommandOutput, OptionSpec, ParsedArgs } from "./command.ts";
import { usageError } from "./errors.ts";

const usage = `Usage:
  aergo market list [--q TEXT] [--tag T] [--free|--paid] [--sort new|installs|rating|sales|price] [--limit N]
  aergo market show PACKAGE[@VERSION] [--source]
  aergo market publish --package P --version V --repo OWNER/NAME --price AMOUNT --title T
                       [--description D] [--readme FILE] [--license MIT] [--tag T ...] [--main FILE]
                       [--kind template|service] [--base DIR] [--from KEY] FILE.sql...
  aergo market buy PACKAGE@VERSION [--yes] [--from KEY]
  aergo market install PACKAGE@VERSION --repo OWNER/NAME [--branch B] [--replace] [--out DIR]
  aergo market review PACKAGE@VERSION --rating 1..5 [--text T] [--from KEY]
  aergo market unsafe PACKAGE@VERSION --reason R [--from KEY]

Contract templates and services on the hub's marketplace, kept on the root chain (aergo/main):
listings pinned by a source hash, purchases paying the publisher minus the hub fee (2% unless
governance changes it, at most 5%) in the same transaction, reviews by buyers, unsafe marks by
publishers. Transactions are signed here with --from KEY, or else with the key you signed in with
("aergo login"); its password comes from AERGO_PASSWORD or a prompt.

  list      the shelf: one line per package (its newest version), from the hub's index (a new
            listing shows a block later). --q searches titles and descriptions
  show      a version (default: the newest not marked unsafe): publisher, price and fee split,
            licence, tags, source hash, files, versions with counts, ABI, README; --source
            prints the files
  publish   lists FILE.sql... as PACKAGE@VERSION. Files are stored under their path relative
            to --base DIR (default: the current directory): lowercase, '/'-separated, .sql.
            --repo: the repository it comes from (you must administer it). --price: "5",
            "1.5aergo", "20gaer", "0" (free). --main: the file buyers deploy. Each new version
            must be newer than the package's latest; a published version never changes
  buy       pays exactly the version's price (read from the chain first); asks first unless
            --yes (required without a terminal). Free versions are "bought" too
  install   copies a bought version's files into OWNER/NAME (--branch, default main), folder
            market/PACKAGE/ (in your own folder on a shared repository); needs "aergo login" as
            the buyer. --replace overwrites files you changed. --out DIR also writes the files
            here, after checking that they hash to the listing's source hash
  review    your review of a version you bought (a second review replaces the first)
  unsafe    marks a version you published unsafe: purchases and installs are then refused

Options:
  --from KEY    the signing key (default: the signed-in session's key)
  --wait WHEN   transactions: "receipt" (default), "block" or "final"
  --hub URL     the hub (default $AERGO_HUB or http://localhost:3000)
  --json        print one JSON document (receipts as the hub returns them, with what was done)
  --help        this text`;

type Runner = (args: ParsedArgs, ctx: CommandContext) => Promise<CommandOutput>;
type Subcommand = { readonly flags: readonly string[]; load(): Promise<Runner> };

const TX_FLAGS = ["from", "wait"] as const;

const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  list: { flags: ["q", "tag", "free", "paid", "sort", "limit"], load: async () => (await import("./marketList.ts")).listMarket },
  show: { flags: ["source"], load: async () => (await import("./marketShow.ts")).showListing },
  publish: {
    flags: ["package", "version", "repo", "price", "title", "description", "readme", "license", "tag", "main", "kind", "base", ...TX_FLAGS],
    load: async () => (await import("./marketPublish.ts")).publishListing,
  },
  buy: { flags: ["yes", ...TX_FLAGS], load: async () => (await import("./marketBuy.ts")).buyListing },
  install: { flags: ["repo", "branch", "replace", "out"], load: async () => (await import("./marketInstall.ts")).installListing },
  review: { flags: ["rating", "text", ...TX_FLAGS], load: async () => (await import("./marketReview.ts")).reviewListing },
  unsafe: { flags: ["reason", ...TX_FLAGS], load: async () => (await import("./marketUnsafe.ts")).markUnsafe },
};

const str = { type: "string" } as const;
const bool = { type: "boolean" } as const;

export const command: Command = {
  usage,
  options: {
    q: str, tag: { type: "string", multiple: true }, free: bool, paid: bool, sort: str, limit: str, source: bool,
    package: str, version: str, repo: str, price: str, title: str, description: str, readme: str, license: str, main: str, kind: str, base: str,
    yes: bool, branch: str, replace: bool, out: str, rating: str, text: str, reason: str, from: str, wait: str,
  } satisfies Record<string, OptionSpec>,
  async run(args, ctx) {
    const [sub] = args.positionals;
    const entry = sub !== undefined && Object.hasOwn(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
    if (!entry) throw usageError(`aergo market: ${sub ? `unknown subcommand "${sub.slice(0, 40)}"` : "which one?"} (use ${Object.keys(SUBCOMMANDS).join(", ")}).`, 'Run "aergo market --help" for usage.');
    // A flag of another subcommand is refused rather than silently ignored.
    const extra = Object.keys(args.values).find((k) => args.values[k] !== undefined && !entry.flags.includes(k));
    if (extra) throw usageError(`aergo market ${sub}: unknown option --${extra}.`, 'Run "aergo market --help" for usage.');
    return (await entry.load())(args, ctx);
  },
};
