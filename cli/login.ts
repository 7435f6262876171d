/**
 * `aergo login --key NAME [--username USER]`: signs in to the hub with a local key. The hub hands
 * out a one-time challenge, the key signs it here (domain "sign-in", chain/crypto/statement.ts),
 * and the hub answers with a session token, kept in $AERGO_HOME/session.json for this hub URL.
 * With --username, a key the hub does not know yet gets a new account under that name.
 */
import { assertChallengeFor } from "../chain/crypto/signInChallenge.ts";
import { z } from "zod";
import { signStatement } from "../chain/crypto/statement.ts";
import { ZUsername } from "../chain/repo/names.ts";
import { parseInput, positionals, type Command } from "./command.ts";
import { CliError } from "./errors.ts";
import { ZChallengeJSON, ZKeySignInJSON } from "./hubSchemas.ts";
import { unlockKey } from "./keyDir.ts";
import { saveSession, sessionInfo } from "./session.ts";

const ZLoginFlags = z.object({
  key: z.string({ error: "--key NAME is required (the local key to sign in with)" }),
  username: z.string().optional(),
});

export const command: Command = {
  usage: `Usage: aergo login --key NAME [--username USER]

Signs in to the hub with a local key: the hub sends a one-time challenge, the key signs it
here (the private key never leaves this machine), and the hub answers with a session. The
session is kept in $AERGO_HOME/session.json (mode 0600), one per hub URL, and sent with every
later request to that hub: chain commands on private repositories, "aergo repo ...".

The first time, pass --username: the hub creates your account with this key as its identity.
Later logins with the same key reuse the account (--username is then not needed; a username
other than the key's account is refused).

Options:
  --key NAME        the local key (see "aergo keys list"); its password comes from
                    AERGO_PASSWORD or a prompt
  --username USER   create an account named USER if the key has none yet (1-39 lowercase
                    letters, digits or single hyphens)
  --hub URL         the hub (default $AERGO_HUB or http://localhost:3000)
  --json            print { hub, username, address, key, expiresAt } (never the token)
  --help            this text`,
  options: { key: { type: "string" }, username: { type: "string" } },
  async run(args, ctx) {
    parseInput(positionals([]), args.positionals, "login");
    const flags = parseInput(ZLoginFlags, args.values, "login");
    let username: string | undefined;
    if (flags.username !== undefined) {
      const parsed = ZUsername.safeParse(flags.username);
      if (!parsed.success) throw new CliError(`The username "${flags.username.slice(0, 60)}" ${parsed.error.issues[0]?.message ?? "is not valid"}.`);
      username = parsed.data;
    }
    // The key first: a password prompt can take a while, and the challenge only lives minutes.
    const key = await unlockKey(ctx.home, ctx.env, flags.key);
    const hub = ctx.hub();
    const challenge = await hub.post("auth/challenge", {}, ZChallengeJSON);
    try {
      assertChallengeFor(challenge.text, ctx.hubUrl);
    } catch (e) {
      throw new CliError(e instanceof Error ? e.message : String(e));
    }
    const signature = signStatement(key, "sign-in", challenge.text);
    let answer: z.infer<typeof ZKeySignInJSON>;
    try {
      answer = await hub.post("auth/key", { challengeId: challenge.id, address: key.address, signature, ...(username ? { username } : {}) }, ZKeySignInJSON);
    } catch (e) {
      if (e instanceof CliError && / \(NOT_FOUND\)$/.test(e.message)) {
        throw new CliError(`No account on ${ctx.hubUrl} uses the key "${flags.key}" (${key.address}); pass --username USER to create one.`);
      }
      throw e;
    }
    if (answer.address !== key.address) throw new CliError(`The hub signed in ${answer.address}, not the key "${flags.key}" (${key.address}); the session was not kept.`);
    // The hub refuses a key that belongs to another username (CONFLICT), so this holds; checked
    // again so a session under another name is never kept.
    if (username !== undefined && username !== answer.username) throw new CliError(`The hub signed in ${answer.username}, not ${username}; the session was not kept.`);
    saveSession(ctx.home, ctx.hubUrl, { token: answer.token, username: answer.username, address: answer.address, key: flags.key, expiresAt: answer.expiresAt });
    return {
      json: sessionInfo(ctx.hubUrl, { ...answer, key: flags.key }),
      text: `Signed in to ${ctx.hubUrl} as ${answer.username} (${answer.address}) with the key "${flags.key}" until ${answer.expiresAt}.`,
    };
  },
};
