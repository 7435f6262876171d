"use client";
import type { ParamAbi } from "@/chain/sql/types";
import { ParamField, type ParamValues } from "@/components/explorer/ContractParamInputs";

/** The typed inputs of a routine's parameters (the contract page's fields), in a grid. */
export function ParamForm({ params, values, errors, idPrefix, onChange }: { params: readonly ParamAbi[]; values: ParamValues; errors: Record<string, string>; idPrefix: string; onChange: (v: ParamValues) => void }) {
  if (params.length === 0) return <p className="text-xs text-zinc-500">No parameters.</p>;
  return (
    <div className="grid gap-2">
      {params.map((p) => (
        <ParamField key={p.name} param={p} value={values[p.name]} error={errors[p.name]} idPrefix={idPrefix} onChange={(v) => onChange({ ...values, [p.name]: v })} />
      ))}
    </div>
  );
}
