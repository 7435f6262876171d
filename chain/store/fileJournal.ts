import fs from "node:fs";
import type { PoolJournal } from "./types.ts";

/**
 * Append-only journal file with group commit: every record appended in the same event-loop
 * turn shares one fdatasync (~0.15 ms here), so a receipt is durable before it is answered
 * without paying a sync per transaction. Records are length-prefixed; a torn tail (crash mid
 * write) is ignored on read.
 */
export function createFileJournal(file: string): PoolJournal & { close(): void } {
  let fd = fs.openSync(file, "a+");
  let queued: Buffer[] = [];
  let waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  let scheduled = false;

  function flushSync() {
    if (queued.length === 0) return;
    const batch = Buffer.concat(queued);
    const done = waiters;
    queued = [];
    waiters = [];
    try {
      fs.writeSync(fd, batch);
      fs.fdatasyncSync(fd);
      for (const w of done) w.resolve();
    } catch (e) {
      for (const w of done) w.reject(e);
    }
  }

  return {
    append(record) {
      const frame = Buffer.allocUnsafe(4 + record.length);
      frame.writeUInt32BE(record.length, 0);
      frame.set(record, 4);
      queued.push(frame);
      const p = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          flushSync();
        });
      }
      return p;
    },
    flushSync,
    readAll() {
      flushSync();
      const data = fs.readFileSync(file);
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
    reset() {
      flushSync();
      fs.ftruncateSync(fd, 0);
      fs.fdatasyncSync(fd);
    },
    close() {
      flushSync();
      fs.closeSync(fd);
      fd = -1;
    },
  };
}
