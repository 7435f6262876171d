/** The AergoSQL editor: the lazy Monaco component (LazyAergoSqlEditor) and the in-browser engine (useAergoSqlEngine). */
export { LazyAergoSqlEditor, DIAGNOSTICS_DEBOUNCE_MS, type AergoSqlEditorProps } from "./LazyAergoSqlEditor";
export { useAergoSqlEngine, type AergoSqlEngine } from "./useAergoSqlEngine";
export type { Analysis, CompileOutcome, EditorDiagnostic, FormatOutcome } from "./protocol";
export type { DeployedContract } from "./services";
