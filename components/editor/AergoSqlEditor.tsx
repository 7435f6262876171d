"use client";
/**
 * The Monaco part of the AergoSQL editor, loaded only in the browser (LazyAergoSqlEditor uses
 * next/dynamic with ssr: false). Monaco comes from our own bundle (`loader.config({ monaco })`),
 * never a CDN, and so do its workers. Language services are the pure functions of services.ts
 * over the compiler's symbols, which the wrapper's live analysis hands in.
 */
import Editor, { loader, type OnMount } from "@monaco-editor/react";
import * as monaco from "monaco-editor";
import { useEffect, useRef } from "react";
import type { ContractAbi } from "@/chain/sql/types";
import { engineClient } from "./engineClient";
import { AERGOSQL_LANGUAGE_ID, aergoSqlConfiguration, aergoSqlMonarch } from "./language";
import type { Analysis } from "./protocol";
import { complete, definition, hover, type CompletionKind, type DeployedContract } from "./services";
import { EMPTY_SYMBOLS, type ContractSymbols } from "./symbols";

type MonacoEnv = { getWorker(workerId: string, label: string): Worker };
(globalThis as unknown as { MonacoEnvironment?: MonacoEnv }).MonacoEnvironment = {
  // AergoSQL needs only the editor's core worker (no JSON/TS/CSS language workers).
  getWorker: () => new Worker(new URL("monaco-editor/editor/editor.worker", import.meta.url), { type: "module", name: "monaco-editor" }),
};
loader.config({ monaco });

/** What the providers know about each model: the last analysis's symbols and the deployed contracts. */
const models = new Map<string, { symbols: ContractSymbols; deployed: readonly DeployedContract[] }>();
const stateOf = (model: monaco.editor.ITextModel) => models.get(model.uri.toString()) ?? { symbols: EMPTY_SYMBOLS, deployed: [] };

const KIND: Record<CompletionKind, monaco.languages.CompletionItemKind> = {
  keyword: monaco.languages.CompletionItemKind.Keyword,
  type: monaco.languages.CompletionItemKind.TypeParameter,
  function: monaco.languages.CompletionItemKind.Function,
  table: monaco.languages.CompletionItemKind.Struct,
  column: monaco.languages.CompletionItemKind.Field,
  variable: monaco.languages.CompletionItemKind.Variable,
  event: monaco.languages.CompletionItemKind.Event,
  contract: monaco.languages.CompletionItemKind.Module,
  procedure: monaco.languages.CompletionItemKind.Method,
  view: monaco.languages.CompletionItemKind.Method,
};

let registered = false;

function registerAergoSql() {
  if (registered) return;
  registered = true;
  const { languages } = monaco;
  languages.register({ id: AERGOSQL_LANGUAGE_ID, extensions: [".sql"], aliases: ["AergoSQL", "aergosql"] });
  languages.setMonarchTokensProvider(AERGOSQL_LANGUAGE_ID, aergoSqlMonarch);
  languages.setLanguageConfiguration(AERGOSQL_LANGUAGE_ID, aergoSqlConfiguration);
  const at = (model: monaco.editor.ITextModel, p: monaco.Position) => ({ line: p.lineNumber, column: p.column, offset: model.getOffsetAt(p) });
  languages.registerCompletionItemProvider(AERGOSQL_LANGUAGE_ID, {
    triggerCharacters: [":", "."],
    provideCompletionItems(model, position) {
      const { symbols, deployed } = stateOf(model);
      const c = complete(symbols, model.getLineContent(position.lineNumber), at(model, position), deployed);
      const range = new monaco.Range(position.lineNumber, c.replace.startColumn, position.lineNumber, c.replace.endColumn);
      return {
        suggestions: c.items.map((i) => ({
          label: i.label,
          kind: KIND[i.kind],
          insertText: i.insertText,
          insertTextRules: i.snippet ? languages.CompletionItemInsertTextRule.InsertAsSnippet : undefined,
          detail: i.detail,
          documentation: i.documentation,
          range,
        })),
      };
    },
  });
  languages.registerHoverProvider(AERGOSQL_LANGUAGE_ID, {
    provideHover(model, position) {
      const { symbols, deployed } = stateOf(model);
      const h = hover(symbols, model.getLineContent(position.lineNumber), at(model, position), deployed);
      if (!h) return null;
      return {
        range: new monaco.Range(position.lineNumber, h.startColumn, position.lineNumber, h.endColumn),
        contents: h.contents.split("\n").map((value) => ({ value })),
      };
    },
  });
  languages.registerDefinitionProvider(AERGOSQL_LANGUAGE_ID, {
    provideDefinition(model, position) {
      const span = definition(stateOf(model).symbols, model.getLineContent(position.lineNumber), at(model, position));
      if (!span) return null;
      return { uri: model.uri, range: new monaco.Range(span.line, span.column, span.endLine, span.endColumn) };
    },
  });
  languages.registerDocumentFormattingEditProvider(AERGOSQL_LANGUAGE_ID, {
    async provideDocumentFormattingEdits(model) {
      const version = model.getVersionId();
      const r = await engineClient().format(model.getValue());
      if (!r.changed || model.getVersionId() !== version) return [];
      return [{ range: model.getFullModelRange(), text: r.text }];
    },
  });
}

export type MonacoPartProps = {
  value: string;
  onChange(v: string): void;
  path: string;
  deployed?: { address: string; name: string; abi: ContractAbi }[];
  analysis: Analysis | null;
  revealLine?: { line: number; nonce: number };
  readOnly?: boolean;
  onReady(): void;
};

function toMarker(d: Analysis["diagnostics"][number]): monaco.editor.IMarkerData {
  return {
    startLineNumber: d.line,
    startColumn: d.column,
    endLineNumber: d.endLine,
    endColumn: d.endColumn,
    severity: d.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
    message: d.message,
    code: d.code,
    source: "aergosql",
  };
}

export default function AergoSqlMonaco({ value, onChange, path, deployed, analysis, revealLine, readOnly, onReady }: MonacoPartProps) {
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const uriRef = useRef<string | null>(null);
  const onReadyRef = useRef(onReady);
  onReadyRef.current = onReady;

  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
    onReadyRef.current();
  };

  // Symbols, deployed contracts and markers follow the model of the current path.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    uriRef.current = model.uri.toString();
    models.set(model.uri.toString(), { symbols: analysis?.symbols ?? stateOf(model).symbols, deployed: deployed ?? [] });
    if (analysis) monaco.editor.setModelMarkers(model, "aergosql", analysis.diagnostics.map(toMarker));
  }, [analysis, deployed, path]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !revealLine) return;
    editor.revealLineInCenter(revealLine.line);
    editor.setPosition({ lineNumber: revealLine.line, column: 1 });
    editor.focus();
  }, [revealLine]);

  return (
    <Editor
      path={path}
      language={AERGOSQL_LANGUAGE_ID}
      value={value}
      onChange={(v) => onChange(v ?? "")}
      beforeMount={() => registerAergoSql()}
      onMount={onMount}
      loading={null}
      options={{
        readOnly: !!readOnly,
        minimap: { enabled: false },
        fontSize: 13,
        tabSize: 2,
        scrollBeyondLastLine: false,
        automaticLayout: true,
        fixedOverflowWidgets: true,
        renderValidationDecorations: "on",
      }}
    />
  );
}
