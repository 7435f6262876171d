import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../chain/errors.ts";
import { checkPasswordPolicy, hashPassword, verifyPassword } from "./password.ts";

describe("password hashing", () => {
  it("hashes with scrypt N=2^15 r=8 p=1 and a fresh salt, and verifies only the right password", async () => {
    const a = await hashPassword("correct horse battery staple");
    const b = await hashPassword("correct horse battery staple");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b); // salted
    expect(await verifyPassword("correct horse battery staple", a)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", a)).toBe(false);
    expect(await verifyPassword("Correct horse battery staple", a)).toBe(false);
  });

  it("reads a damaged or hostile hash as a wrong password instead of throwing or allocating gigabytes", async () => {
    const good = await hashPassword("correct horse battery staple");
    const salt = good.split("$")[4];
    const hash = good.split("$")[5];
    expect(await verifyPassword("x", "")).toBe(false);
    expect(await verifyPassword("x", "bcrypt$1$2$3$4$5")).toBe(false);
    expect(await verifyPassword("correct horse battery staple", `scrypt$${2 ** 24}$8$1$${salt}$${hash}`)).toBe(false);
    expect(await verifyPassword("correct horse battery staple", `scrypt$32767$8$1$${salt}$${hash}`)).toBe(false);
  });
});

describe("password policy", () => {
  const refused = (pw: string, ctx?: { username?: string; email?: string }) => {
    try {
      checkPasswordPolicy(pw, ctx);
    } catch (e) {
      expect(e).toMatchObject({ code: ErrorCode.BadRequest });
      return (e as Error).message;
    }
    return null;
  };

  it("accepts a long, uncommon password", () => {
    expect(refused("tangerine-orbit-47-lantern", { username: "alice", email: "alice@example.com" })).toBeNull();
  });

  it("refuses too short and too long passwords with the limits in the sentence", () => {
    expect(refused("Xk9#vq2!")).toMatch(/at least 10 characters/);
    expect(refused("a1".repeat(129))).toMatch(/at most 256 characters/);
    expect(refused("Xk9#vq2!Lm")).toBeNull(); // exactly 10
  });

  it("refuses common passwords, also in upper case and with digits or symbols bolted on", () => {
    expect(refused("1234567890")).toMatch(/most common passwords/);
    expect(refused("qwertyuiop")).toMatch(/most common passwords/);
    expect(refused("PASSWORD123")).toMatch(/most common passwords/);
    expect(refused("Password2024!")).toMatch(/most common passwords/);
    expect(refused("2024sunshine!!")).toMatch(/most common passwords/);
  });

  it("refuses one character repeated and simple sequences", () => {
    expect(refused("aaaaaaaaaa")).toMatch(/too few different characters/);
    expect(refused("abababababab")).toMatch(/too few different characters/);
    expect(refused("lmnopqrstuvw")).toMatch(/sequence/);
  });

  it("refuses a password containing the username or the email's local part, whatever the case", () => {
    expect(refused("my-Alice-secret-77", { username: "alice" })).toMatch(/username/);
    expect(refused("xyz-bob.smith-991", { email: "Bob.Smith@example.com" })).toMatch(/email/);
    // A very short username is not a meaningful hint, so it does not forbid its letters.
    expect(refused("jo-tangerine-orbit-47", { username: "jo" })).toBeNull();
  });
});
