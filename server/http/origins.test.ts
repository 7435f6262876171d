import { describe, expect, it } from "vitest";
import { clientIp, createOriginPolicy, normalizeOrigin, parseTrustedProxies } from "./origins.ts";

describe("the hub's origins come from configuration, never from request headers", () => {
  it("a loopback or wildcard listener answers to the loopback names of its port; a challenge names the one the client used", () => {
    const p = createOriginPolicy(undefined, { host: "0.0.0.0", port: 3000 });
    expect(p.allowed).toEqual(["http://localhost:3000", "http://127.0.0.1:3000", "http://[::1]:3000"]);
    expect(p.originFor({ host: "127.0.0.1:3000" })).toBe("http://127.0.0.1:3000");
    expect(p.originFor({ host: "LOCALHOST:3000" })).toBe("http://localhost:3000");
  });

  it("a relaying site's Host or X-Forwarded-Host is never named: the canonical origin is", () => {
    const p = createOriginPolicy(undefined, { host: "127.0.0.1", port: 4100 });
    expect(p.originFor({ host: "evil.example", "x-forwarded-host": "evil.example" })).toBe("http://localhost:4100");
    expect(p.originFor({ host: "localhost:4100", "x-forwarded-host": "evil.example" })).toBe("http://localhost:4100");
    expect(p.originFor({ host: "localhost:9999" })).toBe("http://localhost:4100");
    expect(p.originFor({})).toBe("http://localhost:4100");
    expect(p.isOwn("http://evil.example")).toBe(false);
    expect(p.isOwn("null")).toBe(false);
    expect(p.isOwn("http://127.0.0.1:4100")).toBe(true);
  });

  it("with AUTH_URL only that origin is the hub's", () => {
    const p = createOriginPolicy("https://hub.example.com/some/path", { host: "0.0.0.0", port: 3000 });
    expect(p.allowed).toEqual(["https://hub.example.com"]);
    expect(p.originFor({ host: "localhost:3000" })).toBe("https://hub.example.com");
    expect(p.originFor({ host: "hub.example.com" })).toBe("https://hub.example.com");
    expect(() => createOriginPolicy("ftp://x", { host: "0.0.0.0", port: 1 })).toThrow(/not an http\(s\) URL/);
  });

  it("a specific listening address answers to itself only", () => {
    expect(createOriginPolicy(undefined, { host: "10.1.2.3", port: 80 }).allowed).toEqual(["http://10.1.2.3"]);
    expect(normalizeOrigin("javascript:alert(1)")).toBeNull();
  });
});

describe("the client's address", () => {
  it("is the socket's unless the socket is a trusted proxy", () => {
    expect(clientIp("203.0.113.9", { "x-forwarded-for": "1.2.3.4" }, [])).toBe("203.0.113.9");
    expect(clientIp("::ffff:203.0.113.9", {}, [])).toBe("203.0.113.9");
    expect(clientIp("203.0.113.9", { "x-forwarded-for": "1.2.3.4" }, ["10.0.0.1"])).toBe("203.0.113.9");
  });

  it("behind trusted proxies it is the last hop they did not add; what the client wrote before proves nothing", () => {
    const proxies = parseTrustedProxies("10.0.0.1, 10.0.0.2");
    expect(clientIp("10.0.0.1", { "x-forwarded-for": "6.6.6.6, 198.51.100.7" }, proxies)).toBe("198.51.100.7");
    expect(clientIp("10.0.0.1", { "x-forwarded-for": "198.51.100.7, 10.0.0.2" }, proxies)).toBe("198.51.100.7");
    expect(clientIp("10.0.0.1", { "x-forwarded-for": "not-an-ip" }, proxies)).toBe("10.0.0.1");
    expect(clientIp("10.0.0.1", {}, proxies)).toBe("10.0.0.1");
    expect(() => parseTrustedProxies("10.0.0.1,proxy.local")).toThrow(/not an IP address/);
  });
});
