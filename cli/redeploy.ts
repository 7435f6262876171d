/** `aergo redeploy`: named in the plan, not in this version; it says so instead of guessing. */
import type { Command } from "./command.ts";
import { usageError } from "./errors.ts";

export const command: Command = {
  usage: `Usage: aergo redeploy FILE --contract CONTRACT --from NAME   (not available yet)

Replacing a deployed contract's code while keeping its rows needs schema migration on the chain,
which this version does not have. Deploy the new version with "aergo deploy FILE --name NAME"
(a new address) instead.`,
  // Declared so that a full future invocation gets the reason below, not "unknown option".
  options: { contract: { type: "string" }, from: { type: "string" }, args: { type: "string" }, gas: { type: "string" }, wait: { type: "string" } },
  run() {
    return Promise.reject(
      usageError("aergo redeploy is not available yet: the chain cannot replace a contract's code and keep its rows.", 'Deploy the new version with "aergo deploy FILE --name NAME" (a new address).'),
    );
  },
};
