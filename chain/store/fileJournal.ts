import fs from "node:fs";
import path from "node:path";
import type { PoolJournal } from "./types.ts";

const NAME = /^pool-(\d+)\.journal$/;
// A discarded journal is renamed to this (at once: the same height may be journaled again right
// away), then deleted off the main thread: unlinking a block's journal took ~2.5 ms in the seal's
// turn in a profile. One left by a crash is deleted at the next start.
const GONE = /\.gone$/;
// Where the platform has no O_DSYNC, each batch's write is followed by an fdatasync instead.
const DSYNC = fs.constants.O_DSYNC as number | undefined;
const APPEND = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_APPEND | (DSYNC ?? 0);

/** Told of every journal write once it is on the disk: its duration and size. */
export type JournalWriteObserver = (durationMs: number, bytes: number) => void;
let observeWrites: JournalWriteObserver | null = null;

/**
 * Every journal's writes in this process are reported to `observer` (null: none). A receipt is
 * answered only once its record is written, so these durations are the disk's share of a
 * receipt's latency; the hub reports them when HUB_JOURNAL_TIMINGS names a file.
 */
export function observeJournalWrites(observer: JournalWriteObserver | null) {
  observeWrites = observer;
}

/**
 * Append-only journal files, one per pending block height, with group commit: records appended
 * in the same event-loop turn, or while a sync is in flight, travel together in the next
 * synchronous write (O_DSYNC, ~0.2 ms here), off the main thread. A receipt is durable before
 * it is answered without a sync per transaction.
 * Records are length-prefixed; a torn tail (crash mid-write) is ignored on read.
 */
export function createFileJournal(dir: string): PoolJournal & { close(): Promise<void> } {
  fs.mkdirSync(dir, { recursive: true });
  for (const name of fs.readdirSync(dir)) if (GONE.test(name)) fs.rmSync(path.join(dir, name), { force: true });
  let gone = 0;
  const fileOf = (height: number) => path.join(dir, `pool-${height}.journal`);
  type Waiter = { resolve: () => void; reject: (e: unknown) => void };
  type Journal = { fd: number; queued: Buffer[]; waiters: Waiter[]; busy: boolean; scheduled: boolean; idle: Array<() => void> };
  const open = new Map<number, Journal>();

  function journalOf(height: number): Journal {
    let j = open.get(height);
    if (!j) {
      j = { fd: fs.openSync(fileOf(height), APPEND), queued: [], waiters: [], busy: false, scheduled: false, idle: [] };
      open.set(height, j);
    }
    return j;
  }

  function pump(j: Journal, height: number) {
    if (j.busy || j.queued.length === 0) return;
    j.busy = true;
    const batch = j.queued.length === 1 ? j.queued[0]! : Buffer.concat(j.queued);
    const waiters = j.waiters;
    j.queued = [];
    j.waiters = [];
    // The file is opened O_DSYNC: the write returns once the data is on disk, one system call
    // and one trip to the thread pool per batch (a write then an fdatasync took two of each).
    const observer = observeWrites;
    const started = observer ? performance.now() : 0;
    fs.write(j.fd, batch, 0, batch.length, null, (err) => {
      if (err || DSYNC !== undefined) return finish(err);
      fs.fdatasync(j.fd, finish);
    });
    function finish(err: unknown) {
      if (observer && !err) observer(performance.now() - started, batch.length);
      j.busy = false;
      for (const w of waiters) {
        if (err) w.reject(err);
        else w.resolve();
      }
      if (j.queued.length) pump(j, height);
      else settle(j, height);
    }
  }

  function settle(j: Journal, height: number) {
    for (const f of j.idle.splice(0)) f();
    // A journal discarded while its last write was in flight is closed once the write is done.
    if (!open.has(height) || open.get(height) !== j) fs.close(j.fd, () => {});
  }

  /** Closes and deletes the journals of the heights `drop` picks (one still writing closes when done). */
  function discard(drop: (height: number) => boolean) {
    for (const [h, j] of open) {
      if (!drop(h)) continue;
      open.delete(h);
      if (!j.busy && j.queued.length === 0) fs.closeSync(j.fd);
    }
    for (const name of fs.readdirSync(dir)) {
      const m = NAME.exec(name);
      if (!m || !drop(Number(m[1]))) continue;
      const trash = path.join(dir, `${name}.${++gone}.gone`);
      fs.renameSync(path.join(dir, name), trash);
      fs.rm(trash, { force: true }, () => {});
    }
  }

  return {
    append(height, record) {
      const j = journalOf(height);
      const frame = Buffer.allocUnsafe(4 + record.length);
      frame.writeUInt32BE(record.length, 0);
      frame.set(record, 4);
      j.queued.push(frame);
      const p = new Promise<void>((resolve, reject) => j.waiters.push({ resolve, reject }));
      // The write starts at the end of this event-loop turn, so every record appended in the turn
      // (a verified batch of transactions executes in one) goes in one write: each fs.write hands
      // work to the thread pool, and that hand-off cost the main thread ~20 µs a call under load.
      if (!j.busy && !j.scheduled) {
        j.scheduled = true;
        setImmediate(() => {
          j.scheduled = false;
          pump(j, height);
        });
      }
      return p;
    },
    read(height) {
      let data: Buffer;
      try {
        data = fs.readFileSync(fileOf(height));
      } catch {
        return [];
      }
      const out: Uint8Array[] = [];
      let o = 0;
      while (o + 4 <= data.length) {
        const n = data.readUInt32BE(o);
        if (o + 4 + n > data.length) break; // torn tail from a crash mid-write
        out.push(new Uint8Array(data.subarray(o + 4, o + 4 + n)));
        o += 4 + n;
      }
      return out;
    },
    discardUpTo(height) {
      discard((h) => h <= height);
    },
    discardAbove(height) {
      discard((h) => h > height);
    },
    async drain() {
      await Promise.all(
        [...open.values()].map((j) => (j.busy || j.queued.length ? new Promise<void>((r) => j.idle.push(r)) : undefined)),
      );
    },
    async close() {
      await this.drain();
      for (const j of open.values()) fs.closeSync(j.fd);
      open.clear();
    },
  };
}
