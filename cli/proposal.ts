/** `aergo proposal list|show|create|vote`: chain-parameter proposals voted by stake (docs/governance.md). */
import { z } from "zod";
import { isChainError } from "../chain/errors.ts";
import { utf8Bytes } from "../chain/crypto/hash.ts";
import { formatParamValue, GOVERNED_PARAM_NAMES, isGovernedParam, parseParamInput } from "../chain/governance/params.ts";
import { PROPOSAL_DESCRIPTION_MAX } from "../chain/governance/proposals.ts";
import { parseInput, positionals, ZWait, type Command, type ParsedArgs } from "./command.ts";
import { usageError } from "./errors.ts";
import { ZProposalJSON, ZProposalPageJSON, type ProposalOut } from "./hubSchemas.ts";
import { unlockKey } from "./keyDir.ts";
import { receiptOutput } from "./receiptOutput.ts";
import { signAndSend } from "./signAndSend.ts";

const usage = `Usage: aergo proposal list [--limit N]
       aergo proposal show ID
       aergo proposal create PARAM VALUE --from KEY [--description TEXT]
       aergo proposal vote ID yes|no --from KEY

Proposals for chain parameters of the root chain, voted by stake (Aergo's DAO votes). A proposal
stays open for one epoch; at its end block it is enacted when the voted stake reaches the quorum
and yes outweighs no. A vote weighs the key's stake when cast and locks that stake until the
proposal's end; a later vote replaces the earlier one.

  list     proposals, newest first, with their tallies
  show     one proposal by ID (the proposing transaction's hash)
  create   PARAM is ${GOVERNED_PARAM_NAMES.join(" or ")}; VALUE is an amount for namePrice
           ("2", "2aergo", "500gaer") and basis points for hubFeeBps (0 to 500)
  vote     yes or no; the key needs a stake ("aergo stake")

Options:
  --from KEY          the signing key (see "aergo keys list")
  --description TEXT  create: why (up to ${PROPOSAL_DESCRIPTION_MAX} characters)
  --limit N           list: how many (1 to 100, default 20)
  --wait WHEN         "receipt" (default), "block" or "final"
  --json              print JSON
  --help              this text`;

const SUBCOMMANDS = ["list", "show", "create", "vote"] as const;
const ZFlags = z.object({
  from: z.string().optional(),
  description: z.string().max(PROPOSAL_DESCRIPTION_MAX, `--description takes up to ${PROPOSAL_DESCRIPTION_MAX} characters`).optional(),
  limit: z.string().regex(/^\d{1,3}$/, "--limit is a number from 1 to 100").refine((v) => Number(v) >= 1 && Number(v) <= 100, "--limit is a number from 1 to 100").optional(),
  wait: ZWait,
});

function proposalLines(p: ProposalOut): string[] {
  const outcome = p.status === "open" ? `open until block ${p.endHeight}` : `${p.status} at block ${p.closedAt}${p.reason ? ` (${p.reason})` : ""}`;
  return [
    `proposal  #${p.number} ${p.id}`,
    `change    ${p.param} to ${formatParamValue(p.param, p.value)}`,
    ...(p.description ? [`why       ${p.description}`] : []),
    `by        ${p.proposer} at block ${p.createdAt}`,
    `votes     yes ${p.yes.aergo} / no ${p.no.aergo} AERGO from ${p.voters} voter${p.voters === 1 ? "" : "s"} (quorum ${p.quorum.aergo})`,
    `status    ${outcome}`,
  ];
}

/** The proposal's value in the chain's unit. @throws CliError (usage) for an unknown parameter or a bad value. */
function proposedValue(param: string, text: string): bigint {
  if (!isGovernedParam(param)) throw usageError(`aergo proposal create: "${param.slice(0, 40)}" is not a governed parameter (use ${GOVERNED_PARAM_NAMES.join(" or ")}).`);
  try {
    return parseParamInput(param, text);
  } catch (e) {
    throw usageError(`aergo proposal create: ${isChainError(e) ? e.message : String(e)}`);
  }
}

export const command: Command = {
  usage,
  options: { from: { type: "string" }, wait: { type: "string" }, description: { type: "string" }, limit: { type: "string" } },
  async run(args: ParsedArgs, ctx) {
    const [sub, ...rest] = args.positionals;
    if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub)) throw usageError(`aergo proposal: ${sub ? `unknown subcommand "${sub.slice(0, 40)}"` : "which one?"} (use ${SUBCOMMANDS.join(", ")}).`, 'Run "aergo proposal --help" for usage.');
    const flags = parseInput(ZFlags, args.values, `proposal ${sub}`);
    const hub = ctx.hub();
    if (sub === "list") {
      parseInput(positionals([]), rest, "proposal list");
      const page = await hub.get("getProposals", { limit: flags.limit ?? "20" }, ZProposalPageJSON);
      const rows = page.proposals.map((p) => `#${String(p.number).padEnd(4)} ${p.status.padEnd(8)} ${p.param} → ${formatParamValue(p.param, p.value)}   yes ${p.yes.aergo} / no ${p.no.aergo}   ${p.id}`);
      return { json: page, text: rows.length ? rows.join("\n") : "No proposals yet (aergo proposal create …)." };
    }
    if (sub === "show") {
      const [id] = parseInput(positionals(["ID"]), rest, "proposal show");
      const p = await hub.get("getProposal", { id: id! }, ZProposalJSON);
      return { json: p, text: proposalLines(p).join("\n") };
    }
    if (!flags.from) throw usageError(`aergo proposal ${sub}: --from KEY is required.`);
    if (sub === "create") {
      const [param, valueText] = parseInput(positionals(["PARAM", "VALUE"]), rest, "proposal create");
      const value = proposedValue(param!, valueText!);
      const key = await unlockKey(ctx.home, ctx.env, flags.from);
      const payload = utf8Bytes(JSON.stringify({ op: "propose", param, value: value.toString(), description: flags.description ?? "" }));
      const receipt = await signAndSend(hub, { type: "govern", key, payload, wait: flags.wait });
      return receiptOutput(receipt, `proposal create ${param}`, [`proposal  ${receipt.txHash}`, `change    ${param} to ${formatParamValue(param!, value.toString())}`]);
    }
    const [id, choice] = parseInput(positionals(["ID", "CHOICE"]), rest, "proposal vote");
    if (choice !== "yes" && choice !== "no") throw usageError(`aergo proposal vote: vote yes or no, not "${choice!.slice(0, 40)}".`);
    const key = await unlockKey(ctx.home, ctx.env, flags.from);
    const receipt = await signAndSend(hub, { type: "govern", key, payload: utf8Bytes(JSON.stringify({ op: "vote", proposal: id, choice })), wait: flags.wait });
    return receiptOutput(receipt, `proposal vote ${choice}`, [`proposal  ${id}`]);
  },
};
