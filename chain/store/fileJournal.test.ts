import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createFileJournal, observeJournalWrites } from "./fileJournal.ts";

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aergo-journal-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const record = (i: number, size = 40) => new Uint8Array(size).fill(i % 251);

/** The open flags of the descriptor this process holds on `file` (Linux: /proc/self/fdinfo), or null. */
function openFlagsOf(file: string): number | null {
  for (const fd of fs.readdirSync("/proc/self/fd")) {
    let target: string;
    try {
      target = fs.readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue;
    }
    if (target !== file) continue;
    const flags = /^flags:\s+(\d+)/m.exec(fs.readFileSync(`/proc/self/fdinfo/${fd}`, "utf8"));
    return flags ? parseInt(flags[1]!, 8) : null;
  }
  return null;
}

describe("the pool journal", () => {
  it("reads back what was appended, in order, also when appends arrive together (group commit)", async () => {
    const dir = tempDir();
    const journal = createFileJournal(dir);
    await journal.append(5, record(1));
    // 64 appends at once: they travel in a few batches, each resolved once its batch is written.
    await Promise.all(Array.from({ length: 64 }, (_, i) => journal.append(5, record(i + 2, 10 + i))));
    await journal.append(6, record(99));
    const read = journal.read(5);
    expect(read).toHaveLength(65);
    expect(read[0]).toEqual(record(1));
    read.slice(1).forEach((r, i) => expect(r).toEqual(record(i + 2, 10 + i)));
    expect(journal.read(6)).toEqual([record(99)]);
    await journal.close();
    // A new process (a restart) reads the same records.
    const again = createFileJournal(dir);
    expect(again.read(5)).toHaveLength(65);
    await again.close();
  });

  it("writes the records appended in one event-loop turn with one system call", async () => {
    const journal = createFileJournal(tempDir());
    const writes = vi.spyOn(fs, "write");
    try {
      await Promise.all(Array.from({ length: 64 }, (_, i) => journal.append(7, record(i))));
      expect(writes).toHaveBeenCalledTimes(1);
      expect(journal.read(7)).toEqual(Array.from({ length: 64 }, (_, i) => record(i)));
    } finally {
      writes.mockRestore();
      await journal.close();
    }
  });

  it("drops a torn tail (a crash mid-write) and keeps the records before it", async () => {
    const dir = tempDir();
    const journal = createFileJournal(dir);
    await journal.append(3, record(7));
    await journal.append(3, record(8));
    await journal.close();
    const file = path.join(dir, "pool-3.journal");
    const frame = Buffer.alloc(4 + 10);
    frame.writeUInt32BE(500, 0); // announces 500 bytes, holds 10
    fs.appendFileSync(file, frame);
    expect(createFileJournal(dir).read(3)).toEqual([record(7), record(8)]);
  });

  it("discards the heights asked and no others", async () => {
    const dir = tempDir();
    const journal = createFileJournal(dir);
    for (const h of [1, 2, 3, 4]) await journal.append(h, record(h));
    journal.discardUpTo(2);
    journal.discardAbove(3);
    expect([1, 2, 3, 4].map((h) => journal.read(h).length)).toEqual([0, 0, 1, 0]);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith(".journal"))).toEqual(["pool-3.journal"]);
    await journal.close();
  });

  it("deletes a discarded journal off the main thread, and a height journaled again at once keeps its records", async () => {
    const dir = tempDir();
    const journal = createFileJournal(dir);
    await journal.append(5, record(1, 4096));
    const rmSync = vi.spyOn(fs, "rmSync");
    const unlinkSync = vi.spyOn(fs, "unlinkSync");
    try {
      journal.discardUpTo(5);
      expect(rmSync).not.toHaveBeenCalled();
      expect(unlinkSync).not.toHaveBeenCalled();
    } finally {
      rmSync.mockRestore();
      unlinkSync.mockRestore();
    }
    // The same height again before the deletion ran (a replay that found a stale journal does this).
    await journal.append(5, record(2));
    await vi.waitFor(() => expect(fs.readdirSync(dir)).toEqual(["pool-5.journal"]), { timeout: 10_000, interval: 20 });
    expect(journal.read(5)).toEqual([record(2)]);
    await journal.close();

    // One a crash left before its deletion is deleted at the next start.
    fs.writeFileSync(path.join(dir, "pool-4.journal.7.gone"), "x");
    const again = createFileJournal(dir);
    expect(fs.readdirSync(dir)).toEqual(["pool-5.journal"]);
    await again.close();
  });

  it("tells an observer each write's duration and size once it is on the disk, and nothing once unset", async () => {
    const journal = createFileJournal(tempDir());
    const seen: Array<[number, number]> = [];
    observeJournalWrites((ms, bytes) => seen.push([ms, bytes]));
    try {
      await Promise.all([journal.append(1, record(1, 100)), journal.append(1, record(2, 60))]);
      expect(seen).toHaveLength(1); // one turn, one write: both frames (4-byte length each)
      expect(seen[0]![1]).toBe(104 + 64);
      expect(seen[0]![0]).toBeGreaterThan(0);
    } finally {
      observeJournalWrites(null);
    }
    await journal.append(1, record(3));
    expect(seen).toHaveLength(1);
    await journal.close();
  });

  it("resolves drain once every append so far is written", async () => {
    const journal = createFileJournal(tempDir());
    let written = 0;
    for (let i = 0; i < 20; i++) void journal.append(1, record(i)).then(() => written++);
    await journal.drain();
    // Each append resolves before drain does (drain waits for the batches they travel in).
    await Promise.resolve();
    expect(written).toBe(20);
    await journal.close();
  });

  it.runIf(process.platform === "linux")("writes synchronously (O_DSYNC): an append resolves only once its bytes are on disk, in one system call", async () => {
    const dir = tempDir();
    const journal = createFileJournal(dir);
    await journal.append(1, record(1));
    const flags = openFlagsOf(path.join(dir, "pool-1.journal"));
    expect(flags).not.toBeNull();
    expect(flags! & fs.constants.O_DSYNC).toBe(fs.constants.O_DSYNC);
    expect(flags! & fs.constants.O_APPEND).toBe(fs.constants.O_APPEND);
    await journal.close();
  });
});
