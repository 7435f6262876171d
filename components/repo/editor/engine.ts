/**
 * The editor pieces the workspace uses from components/editor (Monaco and the engine worker),
 * behind one module so the page names them in one place.
 */
export { LazyAergoSqlEditor, type EditorDiagnostic } from "@/components/editor/LazyAergoSqlEditor";
export { useAergoSqlEngine } from "@/components/editor/useAergoSqlEngine";
