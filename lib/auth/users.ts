import type { PrismaClient } from "../db/client";
import { recordAudit } from "../audit/audit-trail";
import { generatePassword, hashPassword, PasswordPolicyError, spendPasswordCheck, verifyPassword } from "./passwords";
import type { Principal } from "./principal";
import { isRole, parseRole, type Role } from "./roles";

export class UserInputError extends Error {}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

function checkUsername(raw: string): string {
  const u = raw.trim().toLowerCase();
  if (!USERNAME.test(u)) throw new UserInputError(`username must be 2 to 63 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit; got "${raw}"`);
  return u;
}

export interface CreatedUser {
  id: number;
  username: string;
  role: Role;
  /** Set when the password was generated: shown once, never stored. */
  generatedPassword: string | null;
}

/** Creates a user (password generated when none is given), recorded in the same transaction. */
export async function createUser(prisma: PrismaClient, by: Principal, input: { username: string; role: string; password?: string | null }, requestId?: string): Promise<CreatedUser> {
  const username = checkUsername(input.username);
  let role: Role;
  try {
    role = parseRole(input.role);
  } catch (err) {
    throw new UserInputError((err as Error).message);
  }
  const generated = input.password ? null : generatePassword();
  let passwordHash: string;
  try {
    passwordHash = await hashPassword(input.password ?? (generated as string));
  } catch (err) {
    if (err instanceof PasswordPolicyError) throw new UserInputError(err.message);
    throw err;
  }
  const user = await prisma.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { username } })) throw new UserInputError(`username "${username}" is taken`);
    const created = await tx.user.create({ data: { username, passwordHash, role } });
    await recordAudit(tx, by, { action: "user.create", target: username, requestId, after: { username, role } });
    return created;
  });
  return { id: user.id, username, role, generatedPassword: generated };
}

export interface SignedInUser {
  id: number;
  username: string;
  role: Role;
  sessionVersion: number;
}

/**
 * Checks a sign-in and records it, successful or not, with the attempted name. Unknown names
 * cost as long as wrong passwords, so the answer does not tell which names exist.
 */
export async function signIn(prisma: PrismaClient, username: string, password: string, requestId?: string): Promise<SignedInUser | null> {
  const name = username.trim().toLowerCase().slice(0, 100);
  const user = name ? await prisma.user.findUnique({ where: { username: name } }) : null;
  const ok = user ? await verifyPassword(user.passwordHash, password) : (await spendPasswordCheck(password), false);
  if (!user || !ok || user.disabledAt || !isRole(user.role)) {
    const reason = !user ? "unknown user" : !ok ? "wrong password" : user.disabledAt ? "account disabled" : "invalid role";
    await recordAudit(prisma, { actor: `user:${name || "(empty)"}`, role: null }, { action: "auth.sign_in_failed", target: name || null, requestId, detail: { reason } });
    return null;
  }
  const role = user.role;
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
    await recordAudit(tx, { kind: "user", id: user.id, name: user.username, role }, { action: "auth.sign_in", target: user.username, requestId });
  });
  return { id: user.id, username: user.username, role, sessionVersion: user.sessionVersion };
}

/** The user behind a session, if the account still exists, is enabled and the session is not ended. */
export async function sessionUser(prisma: PrismaClient, id: number, sessionVersion: number): Promise<Principal | null> {
  const user = await prisma.user.findUnique({ where: { id } });
  if (!user || user.disabledAt || user.sessionVersion !== sessionVersion || !isRole(user.role)) return null;
  return { kind: "user", id: user.id, name: user.username, role: user.role };
}

/**
 * On a database without users, creates `admin` with ADMIN_PASSWORD or a generated password,
 * returned so the caller can print it once. Null when users exist.
 */
export async function ensureInitialAdmin(prisma: PrismaClient, by: Principal, env: NodeJS.ProcessEnv = process.env): Promise<{ username: string; password: string; generated: boolean } | null> {
  if ((await prisma.user.count()) > 0) return null;
  const given = env.ADMIN_PASSWORD?.trim() || null;
  try {
    const created = await createUser(prisma, by, { username: env.ADMIN_USERNAME?.trim() || "admin", role: "admin", password: given });
    return { username: created.username, password: given ?? (created.generatedPassword as string), generated: given === null };
  } catch (err) {
    // Another instance starting at the same moment created it first.
    if ((await prisma.user.count()) > 0) return null;
    if (err instanceof UserInputError && given) throw new UserInputError(`ADMIN_PASSWORD: ${err.message}`);
    throw err;
  }
}
