#!/usr/bin/env node
// The `aergo` command: cli/bundle.mjs loads cli/main.ts (bundled, or through tsx), which loads
// only the module of the command being run.
import { loadCli } from "../cli/bundle.mjs";

const main = await loadCli();
process.exitCode = await main(process.argv.slice(2));
