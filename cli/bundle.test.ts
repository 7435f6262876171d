/**
 * The `aergo` launcher (cli/bundle.mjs) in a copy of the sources: it runs from a bundle it builds
 * once, follows an edited source at the next start, and falls back to the sources when it cannot
 * write its bundle.
 */
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../server/testing/hubProcess.ts";

const run = promisify(execFile);
let root = "";

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "aergo-launcher-"));
  for (const dir of ["bin", "cli", "chain"]) await fs.cp(path.join(REPO_ROOT, dir), path.join(root, dir), { recursive: true, filter: (src) => !src.endsWith(".test.ts") });
  await fs.copyFile(path.join(REPO_ROOT, "package.json"), path.join(root, "package.json"));
  await fs.symlink(path.join(REPO_ROOT, "node_modules"), path.join(root, "node_modules"));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const help = async () => (await run(process.execPath, [path.join(root, "bin", "aergo.mjs"), "--help"], { cwd: root })).stdout;
const pointer = async () => JSON.parse(await fs.readFile(path.join(root, ".cache", "cli", "current.json"), "utf8")) as { dir: string; inputs: Record<string, [number, number]> };

describe("the aergo launcher", () => {
  it("builds a bundle at the first start, runs from it, and rebuilds when a source changes", async () => {
    expect(await help()).toMatch(/deploy +FILE --from NAME/);
    const first = await pointer();
    expect(Object.keys(first.inputs)).toContain("cli/main.ts");
    expect(Object.keys(first.inputs)).toContain("chain/repo/names.ts");

    await help();
    expect((await pointer()).dir).toBe(first.dir); // current: not built again

    // An edit to any source the bundle holds is what the next start runs.
    const main = path.join(root, "cli", "main.ts");
    const source = await fs.readFile(main, "utf8");
    await fs.writeFile(main, source.replace("FILE --from NAME [--args JSON] [--name NAME]: deploy a contract", "FILE --from NAME: deploy a contract (edited)"));
    const past = new Date(Date.now() - 10_000); // as if saved before this start
    await fs.utimes(main, past, past);
    expect(await help()).toMatch(/deploy a contract \(edited\)/);
    expect((await pointer()).dir).not.toBe(first.dir);
  });

  it("runs the sources through tsx when it cannot write a bundle", async () => {
    // A file where the cache folder would go: no build can be written under it.
    await fs.rm(path.join(root, ".cache"), { recursive: true, force: true });
    await fs.writeFile(path.join(root, ".cache"), "not a folder");
    expect(await help()).toMatch(/deploy a contract \(edited\)/);
    expect(await fs.readFile(path.join(root, ".cache"), "utf8")).toBe("not a folder");
  });
});
