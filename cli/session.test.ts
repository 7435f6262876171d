/** The session file: one session per hub URL, owner-only, expired sessions never used. */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { removeSession, requireSession, saveSession, sessionFile, sessionFor, type Session } from "./session.ts";

let home = "";
beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), "aergo-session-"));
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

const session = (username: string, expiresAt = new Date(Date.now() + 3600_000).toISOString()): Session => ({ token: `token-of-${username}`, username, address: `Am${username}`, key: username, expiresAt });

describe("session.json", () => {
  it("keeps one session per hub URL in an owner-only file", async () => {
    saveSession(home, "http://a:3000", session("alice"));
    saveSession(home, "http://b:3000", session("bob"));
    expect(sessionFor(home, "http://a:3000")?.username).toBe("alice");
    expect(sessionFor(home, "http://b:3000")?.username).toBe("bob");
    expect(sessionFor(home, "http://c:3000")).toBeNull();
    expect((await fs.stat(sessionFile(home))).mode & 0o777).toBe(0o600);

    expect(removeSession(home, "http://a:3000")?.username).toBe("alice");
    expect(sessionFor(home, "http://a:3000")).toBeNull();
    expect(sessionFor(home, "http://b:3000")?.username).toBe("bob");
    expect(removeSession(home, "http://a:3000")).toBeNull();
  });

  it("never uses an expired session, and says how to sign in", () => {
    saveSession(home, "http://a:3000", session("alice", new Date(Date.now() - 1000).toISOString()));
    expect(sessionFor(home, "http://a:3000")).toBeNull();
    expect(() => requireSession(home, "http://a:3000")).toThrow(/not signed in to http:\/\/a:3000\. Run aergo login --key NAME first/);
  });

  it("refuses a damaged file instead of replacing it", async () => {
    await fs.writeFile(sessionFile(home), "{ not json");
    expect(() => sessionFor(home, "http://a:3000")).toThrow(/not valid JSON; remove it/);
    expect(() => saveSession(home, "http://a:3000", session("alice"))).toThrow(/not valid JSON/);
    expect(await fs.readFile(sessionFile(home), "utf8")).toBe("{ not json");
  });
});
