/**
 * Sessions: $AERGO_HOME/session.json, one session per hub URL, written by `aergo login` and read
 * by every command that talks to that hub. The file holds a bearer token, so it is the user's
 * alone (mode 0600, like the keystores), and the token is never printed, not even with --json:
 * commands show the rest of the session (username, address, key name, expiry).
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { CliError } from "./errors.ts";

const ZSession = z.object({
  token: z.string().min(1),
  username: z.string(),
  address: z.string(),
  /** The local key the session was opened with: it signs directory entries for this person. */
  key: z.string(),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type Session = z.infer<typeof ZSession>;

/** What commands may show of a session: everything but the token. */
export type SessionInfo = Omit<Session, "token"> & { readonly hub: string };

const ZSessionFile = z.object({ version: z.literal(1), sessions: z.record(z.string(), ZSession) });
type SessionFile = z.infer<typeof ZSessionFile>;

export const sessionFile = (home: string) => path.join(home, "session.json");

/**
 * Read synchronously: it is a few hundred bytes, and the hub client that needs it is created
 * synchronously on a command's first request.
 * @throws CliError when the file exists but is damaged (it is never silently replaced).
 */
function readFile(home: string): SessionFile {
  const file = sessionFile(home);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, sessions: {} };
    throw new CliError(`Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CliError(`${file} is not valid JSON; remove it and run "aergo login" again.`);
  }
  const parsed = ZSessionFile.safeParse(raw);
  if (!parsed.success) throw new CliError(`${file} is damaged; remove it and run "aergo login" again.`);
  return parsed.data;
}

function writeFile(home: string, data: SessionFile): void {
  const file = sessionFile(home);
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  // Write then rename: an interrupted write never leaves half a file; the temporary file is
  // created 0600, so the token is never readable by others, not even for a moment.
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, JSON.stringify(data, null, 2) + "\n", { mode: 0o600 });
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new CliError(`Cannot write ${file}: ${(e as Error).message}`);
  }
}

const expired = (s: Session, now: number) => Date.parse(s.expiresAt) <= now;

/** The live session for `hubUrl`, or null (none, or expired). */
export function sessionFor(home: string, hubUrl: string, now = Date.now()): Session | null {
  const s = readFile(home).sessions[hubUrl];
  return s && !expired(s, now) ? s : null;
}

export function saveSession(home: string, hubUrl: string, session: Session): void {
  const data = readFile(home);
  writeFile(home, { version: 1, sessions: { ...data.sessions, [hubUrl]: ZSession.parse(session) } });
}

/** Forgets the session for `hubUrl` (expired ones too); returns what it was, or null. */
export function removeSession(home: string, hubUrl: string): Session | null {
  const data = readFile(home);
  const s = data.sessions[hubUrl];
  if (!s) return null;
  const { [hubUrl]: _gone, ...rest } = data.sessions;
  writeFile(home, { version: 1, sessions: rest });
  return s;
}

export function sessionInfo(hubUrl: string, s: Session): SessionInfo {
  return { hub: hubUrl, username: s.username, address: s.address, key: s.key, expiresAt: s.expiresAt };
}

/**
 * The session a command needs (repo create, members ...).
 * @throws CliError "Run aergo login --key NAME first" when there is none for this hub.
 */
export function requireSession(home: string, hubUrl: string): Session {
  const s = sessionFor(home, hubUrl);
  if (!s) throw notSignedIn(hubUrl);
  return s;
}

export const notSignedIn = (hubUrl: string) => new CliError(`You are not signed in to ${hubUrl}. Run aergo login --key NAME first.`);
