/** `aergo name register|show|update`: on-chain names of the repository's chain. */
import { z } from "zod";
import { parseInput, positionals, ZWait, type Command, type ParsedArgs } from "./command.ts";
import { fetchName, resolveAccount } from "./accountResolver.ts";
import { usageError } from "./errors.ts";
import { ZNamePriceJSON } from "./hubSchemas.ts";
import { unlockKey } from "./keyDir.ts";
import { checkNameFree, checkNameText, sendNameRegister, sendNameUpdate } from "./nameTx.ts";
import { receiptOutput } from "./receiptOutput.ts";

const usage = `Usage: aergo name register NAME --from KEY [--owner ADDRESS|NAME] [--destination ADDRESS|NAME]
       aergo name show NAME [--at HEIGHT]
       aergo name update NAME --owner ADDRESS|NAME [--destination ADDRESS|NAME] --from KEY

On-chain names (Aergo's name transactions) of the repository's chain (--repo, --branch). A name
resolves to an address wherever the CLI takes an account: --to, CONTRACT arguments, candidates.
Names: 3-32 lowercase letters, digits, "-", "_" and ".", starting with a letter.

  register  takes NAME for --owner (default: the signing key), resolving to --destination
            (default: the owner); pays the name price (1 AERGO on the root chain, free on
            repository chains) to the name account
  show      the owner and destination, latest or after block HEIGHT
  update    hands NAME to a new owner (only its owner may); it then resolves to --destination
            (default: the new owner)

Options:
  --from KEY         the signing key (see "aergo keys list")
  --owner ADDR       an address, a local key name or a name
  --destination ADDR an address, a local key name or a name
  --at HEIGHT        show: the name as of that block
  --wait WHEN        "receipt" (default), "block" or "final"
  --json             print JSON
  --help             this text`;

const SUBCOMMANDS = ["register", "show", "update"] as const;
const ZFlags = z.object({
  from: z.string().optional(),
  owner: z.string().optional(),
  destination: z.string().optional(),
  at: z.string().regex(/^\d{1,15}$/, "--at is a block height").optional(),
  wait: ZWait,
});

export const command: Command = {
  usage,
  options: { from: { type: "string" }, wait: { type: "string" }, owner: { type: "string" }, destination: { type: "string" }, at: { type: "string" } },
  async run(args: ParsedArgs, ctx) {
    const [sub, ...rest] = args.positionals;
    if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub)) throw usageError(`aergo name: ${sub ? `unknown subcommand "${sub.slice(0, 40)}"` : "which one?"} (use ${SUBCOMMANDS.join(", ")}).`, 'Run "aergo name --help" for usage.');
    const [name] = parseInput(positionals(["NAME"]), rest, `name ${sub}`);
    const flags = parseInput(ZFlags, args.values, `name ${sub}`);
    checkNameText(name!);
    const hub = ctx.hub();
    if (sub === "show") {
      const found = await fetchName(hub, name!, flags.at === undefined ? undefined : Number(flags.at));
      const price = await hub.get("getNamePrice", {}, ZNamePriceJSON);
      const text = found.owner
        ? [`name         ${found.name}`, `owner        ${found.owner}`, `destination  ${found.destination}`, `registered   block ${found.registeredAt}`, `as of        block ${found.height}`].join("\n")
        : `${found.name} is free (registering costs ${price.price.aergo} AERGO).`;
      return { json: found, text };
    }
    if (!flags.from) throw usageError(`aergo name ${sub}: --from KEY is required.`);
    const owner = flags.owner === undefined ? undefined : await resolveAccount(ctx, flags.owner, "owner", { keys: true });
    const destination = flags.destination === undefined ? undefined : await resolveAccount(ctx, flags.destination, "destination", { keys: true });
    if (sub === "register") {
      await checkNameFree(hub, name!);
      const key = await unlockKey(ctx.home, ctx.env, flags.from);
      const receipt = await sendNameRegister(hub, key, { name: name!, owner, destination, wait: flags.wait });
      return receiptOutput(receipt, `name register ${name}`, [`owner     ${owner ?? key.address}`, `resolves  ${destination ?? owner ?? key.address}`]);
    }
    if (!owner) throw usageError("aergo name update: --owner ADDRESS|NAME is required.");
    const key = await unlockKey(ctx.home, ctx.env, flags.from);
    const receipt = await sendNameUpdate(hub, key, { name: name!, owner, destination, wait: flags.wait });
    return receiptOutput(receipt, `name update ${name}`, [`owner     ${owner}`, `resolves  ${destination ?? owner}`]);
  },
};
