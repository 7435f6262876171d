/**
 * The hub's settings from the environment: defaults, the values read, and a wrong value refused
 * with the variable's name (the hub does not start on a setting it cannot use).
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readHubConfig } from "./config.ts";

describe("the hub's settings", () => {
  it("reads the execution settings: the call slice (0 allowed: every call on the worker) and the admission budget", () => {
    expect(readHubConfig({ NODE_ENV: "test" })).toMatchObject({ port: 3000, callSliceMs: undefined, callTimeBudgetMs: undefined });
    expect(readHubConfig({ NODE_ENV: "test", HUB_CALL_SLICE_MS: "0", HUB_CALL_TIME_BUDGET_MS: "250" })).toMatchObject({ callSliceMs: 0, callTimeBudgetMs: 250 });
    expect(readHubConfig({ NODE_ENV: "test", HUB_CALL_SLICE_MS: "7" }).callSliceMs).toBe(7);
    expect(readHubConfig({ NODE_ENV: "test" }).executionThreads).toBeUndefined();
    expect(readHubConfig({ NODE_ENV: "test", HUB_EXECUTION_THREADS: "4" }).executionThreads).toBe(4);
  });

  it("reads the signature engine: unset (the fastest that loads) or one named", () => {
    expect(readHubConfig({ NODE_ENV: "test" }).signatureEngine).toBeUndefined();
    expect(readHubConfig({ NODE_ENV: "test", HUB_SIGNATURE_ENGINE: "openssl" }).signatureEngine).toBe("openssl");
    expect(() => readHubConfig({ NODE_ENV: "test", HUB_SIGNATURE_ENGINE: "noble" })).toThrow(/HUB_SIGNATURE_ENGINE/);
  });

  it("reads the journal timings' file: unset (none kept) or a path, made absolute", () => {
    expect(readHubConfig({ NODE_ENV: "test" }).journalTimingsFile).toBeUndefined();
    expect(readHubConfig({ NODE_ENV: "test", HUB_JOURNAL_TIMINGS: "timings.log" }).journalTimingsFile).toBe(path.resolve("timings.log"));
    expect(() => readHubConfig({ NODE_ENV: "test", HUB_JOURNAL_TIMINGS: "" })).toThrow(/HUB_JOURNAL_TIMINGS/);
  });

  it("refuses a value it cannot use, naming the setting", () => {
    expect(() => readHubConfig({ NODE_ENV: "test", HUB_CALL_SLICE_MS: "-1" })).toThrow(/HUB_CALL_SLICE_MS/);
    expect(() => readHubConfig({ NODE_ENV: "test", HUB_CALL_SLICE_MS: "fast" })).toThrow(/HUB_CALL_SLICE_MS/);
    expect(() => readHubConfig({ NODE_ENV: "test", HUB_CALL_TIME_BUDGET_MS: "10" })).toThrow(/HUB_CALL_TIME_BUDGET_MS/);
    expect(() => readHubConfig({ NODE_ENV: "test", PORT: "70000" })).toThrow(/PORT/);
    expect(() => readHubConfig({ NODE_ENV: "test", HUB_EXECUTION_THREADS: "0" })).toThrow(/HUB_EXECUTION_THREADS/);
  });
});
