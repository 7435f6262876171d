import { runKillCycles } from "../server/soak/killCycles.ts";
const f = await runKillCycles({ cycles: Number(process.argv[2] ?? 20), seed: 4242, port: 3433, log: (l) => console.log(l) });
console.log(JSON.stringify(f));
