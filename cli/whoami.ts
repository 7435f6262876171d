/**
 * `aergo whoami`: the session for this hub, confirmed by the hub itself (a token the hub no
 * longer accepts, e.g. after the account was removed, is reported as such).
 */
import { parseInput, positionals, type Command } from "./command.ts";
import { CliError } from "./errors.ts";
import { ZPersonJSON } from "./hubSchemas.ts";
import { notSignedIn, sessionInfo } from "./session.ts";

export const command: Command = {
  usage: `Usage: aergo whoami

Prints who you are signed in as on this hub: username, identity address, the local key the
session was opened with and when it expires. Exits 1 when you are not signed in.

Options:
  --hub URL   the hub (default $AERGO_HUB or http://localhost:3000)
  --json      print { hub, username, address, key, expiresAt } (never the token)
  --help      this text`,
  options: {},
  async run(args, ctx) {
    parseInput(positionals([]), args.positionals, "whoami");
    const session = ctx.session();
    if (!session) throw notSignedIn(ctx.hubUrl);
    const me = await ctx.hub().query("people.me", undefined, ZPersonJSON.nullable());
    if (!me || me.address !== session.address) {
      throw new CliError(`The hub at ${ctx.hubUrl} no longer accepts your session as ${session.username}. Run aergo login --key ${session.key} again.`);
    }
    const info = sessionInfo(ctx.hubUrl, { ...session, username: me.username });
    return { json: info, text: `${info.username} (${info.address}) on ${info.hub}, key "${info.key}", until ${info.expiresAt}` };
  },
};
