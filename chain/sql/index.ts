/**
 * AergoSQL: the compiler and runtime of SQL smart contracts (docs/aergosql.md).
 *
 *   const engine = await createSqlEngine({ host });
 *   const compiled = engine.compile(source);            // or: await compileContract(source)
 *   if (!compiled.ok) report(compiled.diagnostics);
 *   engine.deploy(compiled.artifact, { contract, sender, blockHeight, blockTime }, args);
 *   engine.call(contract, "transfer", [to, 10], { sender, blockHeight, blockTime, gasLimit });
 *   engine.query(contract, "balanceOf", [who]);
 */
export * from "./types.ts";
export { abiOf, compileContract, compileWith, createSqlCompiler, type CompileOptions, type SqlCompiler } from "./compiler/compileContract.ts";
export { checkUpgrade, checkUpgradeWith, UpgradeCode, type UpgradePlan, type UpgradeStep } from "./compiler/upgrade.ts";
export { CompileCode, formatDiagnostic } from "./compiler/diagnostics.ts";
export { createSqlEngine, SqlEngine, type SqlEngineOptions, type TableRows } from "./runtime/engine.ts";
export { ContractError, SqlErrorCode } from "./runtime/errors.ts";
export { DEFAULT_LIMITS, GAS, PROGRESS_OPS, SCRATCH_MAX_PAGES, type SqlLimits } from "./runtime/limits.ts";
export { cellFromJs, decodeCells, rowStateKey, rowValueHash } from "./runtime/stateEncoding.ts";
export { parseChangeset, type ChangeOp, type ChangeRecord } from "./runtime/changeset.ts";
export { createMemoryHost, type MemoryHost } from "./testing/memoryHost.ts";
