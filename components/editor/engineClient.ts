/**
 * The main thread's side of the engine worker: one worker per page (created on first use,
 * shared by every editor and form), request/response by id. Browser-only.
 */
import type { SimulationRequest, SimulationResult } from "@/chain/sql/simulate";
import type { Analysis, CompileOutcome, EngineRequest, EngineResponse, EngineStatus, FormatOutcome } from "./protocol";

type Pending = { resolve(r: EngineResponse): void };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type EngineState = { status: "loading" | "ready" | "unavailable"; message: string | null };

class EngineClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<() => void>();
  state: EngineState = { status: "loading", message: null };

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("./engineWorker.ts", import.meta.url), { type: "module", name: "aergosql-engine" });
    worker.onmessage = (e: MessageEvent<EngineResponse | EngineStatus>) => {
      const m = e.data;
      if (m.type === "ready" || m.type === "unavailable") {
        this.setState(m.type === "ready" ? { status: "ready", message: null } : { status: "unavailable", message: m.message });
        return;
      }
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      p?.resolve(m);
    };
    worker.onerror = (e) => {
      this.setState({ status: "unavailable", message: e.message || "The AergoSQL engine worker failed to start." });
      for (const [id, p] of this.pending) p.resolve({ id, type: "failed", message: "The AergoSQL engine worker stopped." });
      this.pending.clear();
    };
    this.worker = worker;
    return worker;
  }

  private setState(s: EngineState) {
    this.state = s;
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void) => {
    this.ensure();
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  private request(req: DistributiveOmit<EngineRequest, "id">): Promise<EngineResponse> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      worker.postMessage({ ...req, id } as EngineRequest);
    });
  }

  /** The compile of `source` with symbols; null when a newer compile on the same channel replaced it. */
  async analyze(source: string, channel: string | null = null): Promise<Analysis | null> {
    const r = await this.request({ type: "compile", source, channel });
    if (r.type === "superseded") return null;
    if (r.type !== "compile") throw new Error(r.type === "failed" ? r.message : "Unexpected engine response.");
    return r.result;
  }

  async compile(source: string): Promise<CompileOutcome> {
    const a = await this.analyze(source, null);
    if (!a) throw new Error("Unexpected superseded compile.");
    return { ok: a.ok, diagnostics: a.diagnostics, abi: a.abi };
  }

  async format(source: string): Promise<FormatOutcome> {
    const r = await this.request({ type: "format", source });
    if (r.type !== "format") throw new Error(r.type === "failed" ? r.message : "Unexpected engine response.");
    return r.result;
  }

  async simulate(request: SimulationRequest): Promise<SimulationResult> {
    const r = await this.request({ type: "simulate", request });
    if (r.type !== "simulate") throw new Error(r.type === "failed" ? r.message : "Unexpected engine response.");
    return r.result;
  }
}

let client: EngineClient | null = null;

/** The page's engine client (browser only). */
export function engineClient(): EngineClient {
  client ??= new EngineClient();
  return client;
}
