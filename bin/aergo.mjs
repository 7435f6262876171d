#!/usr/bin/env node
// The `aergo` command: registers tsx so the TypeScript CLI runs as is, then hands over to
// cli/main.ts, which loads only the module of the command being run.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
