/**
 * `aergo logout`: forgets this hub's session. Sessions are signed tokens the hub does not keep,
 * so forgetting the token here is what ends it for this machine.
 */
import { parseInput, positionals, type Command } from "./command.ts";
import { removeSession } from "./session.ts";

export const command: Command = {
  usage: `Usage: aergo logout

Removes the session for this hub from $AERGO_HOME/session.json. Sessions of other hubs stay.

Options:
  --hub URL   the hub (default $AERGO_HUB or http://localhost:3000)
  --json      print { hub, username, signedOut } (signedOut false: there was no session)
  --help      this text`,
  options: {},
  async run(args, ctx) {
    parseInput(positionals([]), args.positionals, "logout");
    const gone = removeSession(ctx.home, ctx.hubUrl);
    return {
      json: { hub: ctx.hubUrl, username: gone?.username ?? null, signedOut: gone !== null },
      text: gone ? `Signed out of ${ctx.hubUrl} (was ${gone.username}).` : `Not signed in to ${ctx.hubUrl}; nothing to do.`,
    };
  },
};
