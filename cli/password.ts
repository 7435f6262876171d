/**
 * Where a keystore password comes from: AERGO_PASSWORD (scripts, CI), else a hidden prompt on
 * the terminal. Never from a flag: flags end up in shell history and `ps`.
 */
import { CliError } from "./errors.ts";

export async function readPassword(env: NodeJS.ProcessEnv, prompt: string, opts: { confirm?: boolean } = {}): Promise<string> {
  const fromEnv = env.AERGO_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  if (!process.stdin.isTTY) {
    throw new CliError("No password: set AERGO_PASSWORD, or run in a terminal to be asked for it.");
  }
  const first = await promptHidden(prompt);
  if (first === "") throw new CliError("An empty password is not allowed.");
  if (opts.confirm) {
    const again = await promptHidden("Repeat the password: ");
    if (again !== first) throw new CliError("The two passwords differ.");
  }
  return first;
}

/** Reads one line from the terminal without echoing it; the prompt goes to stderr, so stdout stays JSON. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let text = "";
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.setEncoding("utf8");
    stdin.resume();
    const finish = (err: CliError | null) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
      if (err) reject(err);
      else resolve(text);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n" || ch === "\u0004") return finish(null);
        if (ch === "\u0003") return finish(new CliError("Cancelled."));
        if (ch === "\u007f" || ch === "\b") text = text.slice(0, -1);
        else if (ch >= " ") text += ch;
      }
    };
    stdin.on("data", onData);
  });
}
