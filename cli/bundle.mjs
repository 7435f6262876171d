/**
 * How `aergo` starts: from a bundle of the CLI's TypeScript sources (esbuild, a chunk per lazily
 * loaded command) kept in .cache/cli and rebuilt when a source it was built from has changed;
 * through tsx when no bundle can be had (esbuild missing, a read-only folder). Why: through tsx's
 * loader hooks every module crossed a hooks thread and a command took ~0.65 s to start; bundled,
 * ~0.3 s. People run it in loops and scripts, and the tests run it hundreds of times.
 *
 * The bundle is the same code: packages stay external (resolved from node_modules as before),
 * and none of the bundled sources reads its own location (import.meta), which a bundle moves.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CACHE = path.join(ROOT, ".cache", "cli");
/** Names the current build and the sources it came from: { dir, inputs: { file: [mtimeMs, size] } }. */
const POINTER = path.join(CACHE, "current.json");
/** Builds older than this are removed by the next build (a running command may still load a chunk of an old one). */
const KEEP_OLD_MS = 60 * 60 * 1000;

/** The bundle's entry when it was built from the sources as they are now, else null. */
function currentBuild() {
  try {
    const pointer = JSON.parse(fs.readFileSync(POINTER, "utf8"));
    for (const [file, [mtimeMs, size]] of Object.entries(pointer.inputs)) {
      const s = fs.statSync(path.join(ROOT, file));
      if (s.mtimeMs !== mtimeMs || s.size !== size) return null;
    }
    const entry = path.join(CACHE, pointer.dir, "main.js");
    return fs.existsSync(entry) ? entry : null;
  } catch {
    return null;
  }
}

/** Bundles the sources into a new folder and points at it; the pointer moves by a rename, so concurrent starts never read half of one. */
async function rebuild() {
  const { build } = await import("esbuild");
  const started = Date.now();
  const dir = `b-${started}-${process.pid}`;
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ["cli/main.ts"],
    outdir: path.join(CACHE, dir),
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    metafile: true,
    logLevel: "silent",
  });
  const inputs = {};
  let editedMeanwhile = false;
  for (const file of Object.keys(result.metafile.inputs)) {
    const s = fs.statSync(path.join(ROOT, file));
    inputs[file] = [s.mtimeMs, s.size];
    // A source saved while the build read it may be in the bundle in its older form: not recorded as current.
    if (s.mtimeMs >= started - 1) editedMeanwhile = true;
  }
  if (!editedMeanwhile) {
    const tmp = `${POINTER}.${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify({ dir, inputs }));
    fs.renameSync(tmp, POINTER);
  }
  for (const old of fs.readdirSync(CACHE)) {
    if (!old.startsWith("b-") || old === dir) continue;
    const at = path.join(CACHE, old);
    if (started - fs.statSync(at).mtimeMs > KEEP_OLD_MS) fs.rmSync(at, { recursive: true, force: true });
  }
  return path.join(CACHE, dir, "main.js");
}

/** The CLI's `main`: from the bundle (built here when missing or stale), else from the sources through tsx. */
export async function loadCli() {
  try {
    const entry = currentBuild() ?? (await rebuild());
    return (await import(pathToFileURL(entry).href)).main;
  } catch {
    const { register } = await import("tsx/esm/api");
    register();
    return (await import("./main.ts")).main;
  }
}
