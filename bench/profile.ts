/**
 * Reads a V8 CPU profile (`--cpu-prof`) of the hub and says where a thread's time went, so a
 * session need not rebuild these tools from scratch:
 *
 *   BENCH=transfers BENCH_HUB_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npx tsx bench/run.ts
 *   npx tsx bench/profile.ts timeline /tmp/prof/CPU.*.0.001.cpuprofile      # busy % per second
 *   npx tsx bench/profile.ts top /tmp/prof/CPU.*.0.001.cpuprofile [from-s to-s]   # self and inclusive time
 *   npx tsx bench/profile.ts stalls /tmp/prof/CPU.*.0.001.cpuprofile [min-ms [from-s to-s]]   # longest busy stretches (under load: give the window)
 *   npx tsx bench/profile.ts under /tmp/prof/CPU.*.0.001.cpuprofile FUNCTION      # what a function spends its time on
 *
 * Thread 0 of a run is the main thread; the others are the signature verifiers and the index.
 * A stretch of the main thread with no idle sample is a pause every waiting request shares: the
 * concurrent receipt p99 follows the longest of them.
 */
import fs from "node:fs";

type Frame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: Frame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

const [command, file, ...rest] = process.argv.slice(2);
if (!command || !file) {
  console.error("usage: npx tsx bench/profile.ts timeline|top|stalls|under PROFILE [args]");
  process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
const nameOf = (n: ProfileNode) => `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").slice(-2).join("/")}`;
const isIdle = (id: number) => byId.get(id)!.callFrame.functionName === "(idle)";

/** Samples with their time (µs since the start) and duration (µs). */
const samples: Array<{ id: number; at: number; dt: number }> = [];
{
  let t = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    samples.push({ id, at: t, dt });
  });
}

/** Each distinct function on a sample's stack once, innermost first. */
function stackOf(id: number): string[] {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parentOf.get(cur)) seen.add(nameOf(byId.get(cur)!));
  return [...seen];
}

function add(map: Map<string, number>, key: string, v: number) {
  map.set(key, (map.get(key) ?? 0) + v);
}

function print(map: Map<string, number>, total: number, limit: number, unit: "%" | "ms") {
  for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
    console.log(`  ${(unit === "%" ? `${((100 * v) / total).toFixed(1)}%` : `${(v / 1000).toFixed(1)} ms`).padStart(10)}  ${k}`);
  }
}

if (command === "timeline") {
  const perSecond = new Map<number, { busy: number; all: number }>();
  for (const s of samples) {
    const b = perSecond.get(Math.floor(s.at / 1e6)) ?? { busy: 0, all: 0 };
    b.all += s.dt;
    if (!isIdle(s.id)) b.busy += s.dt;
    perSecond.set(Math.floor(s.at / 1e6), b);
  }
  console.log("second:busy%  " + [...perSecond].map(([sec, b]) => `${sec}:${Math.round((100 * b.busy) / Math.max(1, b.all))}`).join(" "));
} else if (command === "top") {
  const from = Number(rest[0] ?? 0) * 1e6;
  const to = Number(rest[1] ?? Infinity) * 1e6;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const s of samples) {
    if (s.at < from || s.at > to) continue;
    total += s.dt;
    add(self, nameOf(byId.get(s.id)!), s.dt);
    for (const k of stackOf(s.id)) add(inclusive, k, s.dt);
  }
  console.log(`${(total / 1e6).toFixed(1)} s sampled; self time:`);
  print(self, total, 30, "%");
  console.log("inclusive time:");
  print(inclusive, total, 50, "%");
} else if (command === "stalls") {
  const minUs = Number(rest[0] ?? 20) * 1000;
  // A window (seconds since the start) leaves out the start-up's long stretches.
  const from = Number(rest[1] ?? 0) * 1e6;
  const to = rest[2] === undefined ? Infinity : Number(rest[2]) * 1e6;
  const stalls: Array<{ at: number; us: number; ids: Array<[number, number]> }> = [];
  let current: { at: number; ids: Array<[number, number]> } | null = null;
  for (const s of samples) {
    if (!isIdle(s.id)) {
      current ??= { at: s.at - s.dt, ids: [] };
      current.ids.push([s.id, s.dt]);
    } else if (current) {
      const us = s.at - s.dt - current.at;
      if (us >= minUs && current.at >= from && current.at < to) stalls.push({ ...current, us });
      current = null;
    }
  }
  console.log(`${stalls.length} busy stretches ≥ ${minUs / 1000} ms${to < Infinity ? ` between ${from / 1e6} and ${to / 1e6} s` : ""}; the longest 8, with the functions inside them:`);
  for (const st of stalls.sort((a, b) => b.us - a.us).slice(0, 8)) {
    const inside = new Map<string, number>();
    for (const [id, dt] of st.ids) for (const k of stackOf(id)) if (!k.startsWith("(root)") && !k.startsWith("(program)")) add(inside, k, dt);
    console.log(`at ${(st.at / 1e6).toFixed(2)} s: ${(st.us / 1000).toFixed(1)} ms`);
    print(inside, st.us, 12, "ms");
  }
} else if (command === "under") {
  const target = rest[0];
  const inside = new Map<string, number>();
  let total = 0;
  for (const s of samples) {
    const stack = stackOf(s.id);
    const at = stack.findIndex((k) => k.split(" ")[0] === target);
    if (at < 0) continue;
    total += s.dt;
    for (const k of stack.slice(0, at)) add(inside, k, s.dt);
  }
  console.log(`${target}: ${(total / 1000).toFixed(1)} ms in all; inside it:`);
  print(inside, total, 40, "ms");
} else {
  console.error(`Unknown command "${command}": timeline, top, stalls or under.`);
  process.exit(2);
}
