import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

/**
 * Passwords are hashed with argon2id (memory-hard) at OWASP's recommended minimum: 19 MiB of
 * memory, 2 passes, 1 lane. The PHC string stores the parameters and salt, so they can be raised
 * later without invalidating existing hashes.
 */
// argon2id is the library's default algorithm (a test checks the "$argon2id$" prefix).
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export class PasswordPolicyError extends Error {}

export function checkPasswordPolicy(password: string, field = "password"): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new PasswordPolicyError(`${field} must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  if (password.length > MAX_PASSWORD_LENGTH) throw new PasswordPolicyError(`${field} must be at most ${MAX_PASSWORD_LENGTH} characters long`);
}

export async function hashPassword(password: string): Promise<string> {
  checkPasswordPolicy(password);
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (password.length === 0 || password.length > MAX_PASSWORD_LENGTH) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Checked against when the user does not exist, so an unknown name costs as long as a wrong password.
let decoy: Promise<string> | null = null;
export async function spendPasswordCheck(password: string): Promise<void> {
  decoy ??= hash(randomBytes(16).toString("hex"), OPTIONS);
  await verifyPassword(await decoy, password || "x");
}

/** A random password for new accounts: 24 URL-safe characters (144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}
