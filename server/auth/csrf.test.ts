import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../chain/errors.ts";
import { assertSameOrigin } from "./csrf.ts";

const cookie = "theme=dark; authjs.session-token=abc.def";
const refused = expect.objectContaining({ code: ErrorCode.Forbidden, message: expect.stringMatching(/cross-site request refused/i) });

describe("CSRF: same-origin check for cookie-carrying unsafe requests", () => {
  it("lets GET and HEAD through whatever their origin", () => {
    expect(() => assertSameOrigin("GET", { cookie, host: "hub.test", origin: "https://evil.test" })).not.toThrow();
    expect(() => assertSameOrigin("head", { cookie, host: "hub.test" })).not.toThrow();
  });

  it("accepts a POST from the hub's own pages (Origin, or Referer when Origin is absent)", () => {
    expect(() => assertSameOrigin("POST", { cookie, host: "hub.test:3000", origin: "http://hub.test:3000" })).not.toThrow();
    expect(() => assertSameOrigin("POST", { cookie, host: "hub.test:3000", referer: "http://hub.test:3000/repos/new" })).not.toThrow();
    expect(() => assertSameOrigin("POST", new Headers({ cookie, host: "hub.test", origin: "https://hub.test" }))).not.toThrow();
    expect(() => assertSameOrigin("POST", { cookie, host: "127.0.0.1:3000", "x-forwarded-host": "hub.example.com", origin: "https://hub.example.com" })).not.toThrow();
  });

  it("refuses a cookie-carrying POST from another site, with no origin, or with Origin: null", () => {
    expect(() => assertSameOrigin("POST", { cookie, host: "hub.test", origin: "https://evil.test" })).toThrow(refused);
    expect(() => assertSameOrigin("DELETE", { cookie, host: "hub.test", origin: "http://hub.test:4000" })).toThrow(refused);
    expect(() => assertSameOrigin("POST", { cookie, host: "hub.test" })).toThrow(refused);
    expect(() => assertSameOrigin("POST", { cookie, host: "hub.test", origin: "null", referer: "http://hub.test/" })).toThrow(refused);
    expect(() => assertSameOrigin("PUT", { cookie: "__Secure-authjs.session-token.0=abc", host: "hub.test", referer: "https://evil.test/x" })).toThrow(refused);
  });

  it("lets requests without the session cookie through: bearer tokens cannot be forged cross-site", () => {
    expect(() => assertSameOrigin("POST", { authorization: "Bearer xyz", host: "hub.test", origin: "https://evil.test" })).not.toThrow();
    expect(() => assertSameOrigin("POST", { cookie: "theme=dark", host: "hub.test" })).not.toThrow();
  });
});
