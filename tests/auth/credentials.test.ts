import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, forgetVerifiedKeys, InvalidApiKeyError, listApiKeys, revokeApiKey, verifyApiKey } from "@/lib/auth/api-keys";
import { authenticate, sameOrigin } from "@/lib/auth/authenticate";
import { checkPasswordPolicy, generatePassword, hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { cliPrincipal } from "@/lib/auth/principal";
import { safeReturnPath } from "@/lib/auth/return-path";
import { cookieSecure, cookieValue, sealSession, SESSION_COOKIE, sessionSetCookie, unsealSession } from "@/lib/auth/session";
import { createUser, ensureInitialAdmin, signIn, UserInputError } from "@/lib/auth/users";
import { createTempDb, type TempDb } from "../helpers/temp-db";

const ENV = { SESSION_SECRET: "a-test-secret-of-at-least-32-characters!!" } as unknown as NodeJS.ProcessEnv;

let db: TempDb;
beforeAll(async () => {
  db = await createTempDb();
  process.env.SESSION_SECRET = ENV.SESSION_SECRET;
});
afterAll(() => db.cleanup());

describe("passwords", () => {
  it("hashes with argon2id, verifies only the right password, and enforces a minimum length", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "correct horse battery")).toBe(true);
    expect(await verifyPassword(hash, "correct horse batterY")).toBe(false);
    expect(await verifyPassword("not a hash", "x")).toBe(false);
    expect(() => checkPasswordPolicy("short")).toThrow(/at least 12 characters/);
    expect(generatePassword()).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(generatePassword()).not.toBe(generatePassword());
  });
});

describe("users and sign-in", () => {
  it("creates the first admin once, signs in, and records failed attempts without telling which part was wrong", async () => {
    const first = await ensureInitialAdmin(db.prisma, cliPrincipal(), { ADMIN_PASSWORD: "first-admin-password" } as unknown as NodeJS.ProcessEnv);
    expect(first).toEqual({ username: "admin", password: "first-admin-password", generated: false });
    expect(await ensureInitialAdmin(db.prisma, cliPrincipal(), {} as unknown as NodeJS.ProcessEnv)).toBeNull();
    const stored = await db.prisma.user.findUniqueOrThrow({ where: { username: "admin" } });
    expect(stored.passwordHash).not.toContain("first-admin-password");

    expect(await signIn(db.prisma, "ADMIN", "first-admin-password", "r1")).toMatchObject({ username: "admin", role: "admin" });
    expect(await signIn(db.prisma, "admin", "wrong-password-123", "r2")).toBeNull();
    expect(await signIn(db.prisma, "nobody", "whatever-password", "r3")).toBeNull();
    const events = await db.prisma.auditEvent.findMany({ where: { requestId: { in: ["r1", "r2", "r3"] } }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.action, e.actor, e.detail])).toEqual([
      ["auth.sign_in", "user:admin", null],
      ["auth.sign_in_failed", "user:admin", { reason: "wrong password" }],
      ["auth.sign_in_failed", "user:nobody", { reason: "unknown user" }],
    ]);
  });

  it("refuses bad usernames, roles, short passwords and duplicates, writing nothing", async () => {
    const before = await db.prisma.user.count();
    await expect(createUser(db.prisma, cliPrincipal(), { username: "a b", role: "viewer" })).rejects.toThrow(UserInputError);
    await expect(createUser(db.prisma, cliPrincipal(), { username: "carol", role: "owner" })).rejects.toThrow(/role must be one of viewer, analyst, admin/);
    await expect(createUser(db.prisma, cliPrincipal(), { username: "carol", role: "viewer", password: "short" })).rejects.toThrow(/at least 12/);
    await expect(createUser(db.prisma, cliPrincipal(), { username: "admin", role: "viewer" })).rejects.toThrow(/taken/);
    expect(await db.prisma.user.count()).toBe(before);
    const carol = await createUser(db.prisma, cliPrincipal(), { username: "Carol", role: "analyst" });
    expect(carol).toMatchObject({ username: "carol", role: "analyst" });
    expect(await signIn(db.prisma, "carol", carol.generatedPassword as string)).toMatchObject({ role: "analyst" });
  });
});

describe("sessions", () => {
  it("seals a session that only this secret opens, and ends it when the user's session version moves", async () => {
    const user = await db.prisma.user.findUniqueOrThrow({ where: { username: "admin" } });
    const sealed = await sealSession({ uid: user.id, v: user.sessionVersion }, ENV);
    expect(sealed).not.toContain(String(user.id) + ",");
    expect(await unsealSession(sealed, ENV)).toEqual({ uid: user.id, v: user.sessionVersion });
    expect(await unsealSession(sealed, { SESSION_SECRET: "another-secret-of-at-least-32-characters" } as unknown as NodeJS.ProcessEnv)).toBeNull();
    expect(await unsealSession(sealed.slice(0, -4) + "AAAA", ENV)).toBeNull();
    const cookie = `${SESSION_COOKIE}=${sealed}; theme=dark`;
    expect((await authenticate(db.prisma, { cookie })).principal).toMatchObject({ kind: "user", name: "admin", role: "admin" });
    await db.prisma.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
    expect((await authenticate(db.prisma, { cookie })).principal).toBeNull();
  });

  it("sets HttpOnly, SameSite=Lax cookies, Secure except over plain HTTP on loopback", () => {
    const set = sessionSetCookie("abc", true, ENV);
    expect(set).toMatch(/^retain_session=abc; Path=\/; HttpOnly; SameSite=Lax; Max-Age=28800; Secure$/);
    expect(cookieSecure({ host: "localhost:3000", forwardedProto: null, protocol: "http:" }, {} as unknown as NodeJS.ProcessEnv)).toBe(false);
    expect(cookieSecure({ host: "127.0.0.1:3000", forwardedProto: null, protocol: "http:" }, {} as unknown as NodeJS.ProcessEnv)).toBe(false);
    expect(cookieSecure({ host: "retain.example.org", forwardedProto: "https", protocol: "http:" }, {} as unknown as NodeJS.ProcessEnv)).toBe(true);
    expect(cookieSecure({ host: "10.0.0.5:3000", forwardedProto: null, protocol: "http:" }, {} as unknown as NodeJS.ProcessEnv)).toBe(true);
    expect(cookieSecure({ host: "localhost:3000", forwardedProto: null, protocol: "http:" }, { COOKIE_SECURE: "true" } as unknown as NodeJS.ProcessEnv)).toBe(true);
    expect(cookieValue("a=1; retain_session=x%3Dy; b=2", SESSION_COOKIE)).toBe("x=y");
  });

  it("accepts cookie-authenticated changes only from the site's own pages", () => {
    expect(sameOrigin({ host: "localhost:3000", origin: "http://localhost:3000" })).toBe(true);
    expect(sameOrigin({ host: "localhost:3000", origin: "https://evil.example" })).toBe(false);
    expect(sameOrigin({ host: "localhost:3000", referer: "http://localhost:3000/model" })).toBe(true);
    expect(sameOrigin({ host: "localhost:3000" })).toBe(false);
    expect(sameOrigin({ host: "internal:3000", "x-forwarded-host": "retain.example.org", origin: "https://retain.example.org" })).toBe(true);
    expect(safeReturnPath("/patients?tier=high")).toBe("/patients?tier=high");
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/api/graphql"]) expect(safeReturnPath(bad)).toBe("/");
  });
});

describe("API keys", () => {
  it("shows the token once, stores only its hash, records use, and stops working when revoked", async () => {
    const created = await createApiKey(db.prisma, cliPrincipal(), { name: "reporting", role: "analyst" });
    expect(created.token).toMatch(/^rtn_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    const row = await db.prisma.apiKey.findUniqueOrThrow({ where: { prefix: created.prefix } });
    expect(JSON.stringify(row)).not.toContain(created.token.slice(13));
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);

    const principal = await verifyApiKey(db.prisma, created.token);
    expect(principal).toEqual({ kind: "apiKey", id: row.id, name: created.prefix, role: "analyst" });
    await new Promise((r) => setTimeout(r, 50));
    expect((await db.prisma.apiKey.findUniqueOrThrow({ where: { prefix: created.prefix } })).lastUsedAt).not.toBeNull();

    await expect(verifyApiKey(db.prisma, created.token.slice(0, -1) + (created.token.endsWith("A") ? "B" : "A"))).rejects.toThrow(InvalidApiKeyError);
    await expect(verifyApiKey(db.prisma, "rtn_nothex00_x")).rejects.toThrow(InvalidApiKeyError);
    await expect(authenticate(db.prisma, { authorization: "Basic abc" })).rejects.toThrow(InvalidApiKeyError);

    await revokeApiKey(db.prisma, cliPrincipal(), created.prefix);
    forgetVerifiedKeys();
    await expect(verifyApiKey(db.prisma, created.token)).rejects.toThrow(InvalidApiKeyError);
    const listed = (await listApiKeys(db.prisma)).find((k) => k.prefix === created.prefix);
    expect(listed?.revokedAt).toBeInstanceOf(Date);
    expect(await db.prisma.auditEvent.count({ where: { target: created.prefix, action: { in: ["key.create", "key.revoke"] } } })).toBe(2);
    await expect(createApiKey(db.prisma, cliPrincipal(), { name: "x", role: "root" })).rejects.toThrow(/role must be one of/);
  });
});
