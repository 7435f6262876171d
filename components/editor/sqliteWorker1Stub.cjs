/**
 * Build-time loader (next.config.ts, turbopack.rules): replaces sqlite-wasm's optional
 * `sqlite3-worker1.mjs` (the "Worker1" message API, which we never use) with an empty module.
 * sqlite-wasm's index.mjs references it with `new URL("sqlite3-worker1.mjs", import.meta.url)`,
 * so Turbopack bundles it as a worker, and its OPFS code builds a worker URL at run time,
 * which Turbopack refuses ("Can't resolve <dynamic>"). Our engine worker loads index.mjs itself.
 */
module.exports = function sqliteWorker1Stub() {
  return "export {};\n";
};
