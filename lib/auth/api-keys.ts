import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { PrismaClient } from "../db/client";
import { recordAudit } from "../audit/audit-trail";
import { actorOf, type Principal } from "./principal";
import { isRole, parseRole, type Role } from "./roles";

/**
 * API keys for GraphQL clients: `rtn_<prefix>_<secret>`, 8 hex characters of public prefix (for
 * lookup and lists) and 43 characters of secret (256 bits). Only a SHA-256 of the whole token is
 * stored: the token is random, so a fast hash cannot be reversed by guessing, and checking a key
 * costs microseconds on every request (a password hash would cost ~50 ms).
 */
const TOKEN_PATTERN = /^rtn_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export interface CreatedApiKey {
  id: number;
  name: string;
  prefix: string;
  role: Role;
  /** The whole token: shown once, never stored. */
  token: string;
}

export interface ApiKeyView {
  id: number;
  name: string;
  prefix: string;
  role: string;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export class ApiKeyInputError extends Error {}

function checkName(name: string): string {
  const n = name.trim();
  if (n.length === 0 || n.length > 100) throw new ApiKeyInputError(`name must be 1 to 100 characters, got ${n.length}`);
  return n;
}

export async function createApiKey(prisma: PrismaClient, by: Principal, input: { name: string; role: string }, requestId?: string): Promise<CreatedApiKey> {
  const name = checkName(input.name);
  let role: Role;
  try {
    role = parseRole(input.role);
  } catch (err) {
    throw new ApiKeyInputError((err as Error).message);
  }
  const prefix = randomBytes(4).toString("hex");
  const token = `rtn_${prefix}_${randomBytes(32).toString("base64url")}`;
  const key = await prisma.$transaction(async (tx) => {
    const created = await tx.apiKey.create({ data: { name, prefix, secretHash: sha256(token), role, createdBy: actorOf(by) } });
    await recordAudit(tx, by, { action: "key.create", target: prefix, requestId, after: { name, prefix, role } });
    return created;
  });
  return { id: key.id, name, prefix, role, token };
}

export async function revokeApiKey(prisma: PrismaClient, by: Principal, prefix: string, requestId?: string): Promise<ApiKeyView> {
  const revoked = await prisma.$transaction(async (tx) => {
    const key = await tx.apiKey.findUnique({ where: { prefix } });
    if (!key) throw new ApiKeyInputError(`no API key with prefix "${prefix}"`);
    if (key.revokedAt) return key;
    const updated = await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, by, { action: "key.revoke", target: prefix, requestId, before: { revokedAt: null }, after: { revokedAt: updated.revokedAt?.toISOString() ?? null } });
    return updated;
  });
  forgetVerifiedKeys();
  return view(revoked);
}

function view(k: ApiKeyView & { secretHash?: string }): ApiKeyView {
  return { id: k.id, name: k.name, prefix: k.prefix, role: k.role, createdBy: k.createdBy, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt, revokedAt: k.revokedAt };
}

export async function listApiKeys(prisma: PrismaClient): Promise<ApiKeyView[]> {
  return (await prisma.apiKey.findMany({ orderBy: { id: "asc" } })).map(view);
}

/** How long a verified key is trusted without asking the database (revocation on other instances takes this long). */
const VERIFIED_TTL_MS = 5_000;
/** lastUsedAt is written at most this often per key, so busy clients do not turn reads into writes. */
const LAST_USED_EVERY_MS = 60_000;

const holder = globalThis as unknown as { __retainVerifiedKeys?: LRUCache<string, { principal: Principal }> };
const verified = (holder.__retainVerifiedKeys ??= new LRUCache({ max: 10_000, ttl: VERIFIED_TTL_MS }));

export function forgetVerifiedKeys(): void {
  verified.clear();
}

export class InvalidApiKeyError extends Error {
  constructor() {
    super("the API key is not valid (unknown, revoked or malformed)");
  }
}

/** The principal of a bearer token; throws InvalidApiKeyError for anything but a live key. */
export async function verifyApiKey(prisma: PrismaClient, token: string): Promise<Principal> {
  const digest = sha256(token);
  const hit = verified.get(digest);
  if (hit) return hit.principal;
  const m = TOKEN_PATTERN.exec(token);
  if (!m) throw new InvalidApiKeyError();
  const key = await prisma.apiKey.findUnique({ where: { prefix: m[1] } });
  if (!key || key.revokedAt || !isRole(key.role)) throw new InvalidApiKeyError();
  const stored = Buffer.from(key.secretHash, "hex");
  if (stored.length !== 32 || !timingSafeEqual(stored, Buffer.from(digest, "hex"))) throw new InvalidApiKeyError();
  const principal: Principal = { kind: "apiKey", id: key.id, name: key.prefix, role: key.role };
  const now = Date.now();
  const due = !key.lastUsedAt || now - key.lastUsedAt.getTime() >= LAST_USED_EVERY_MS;
  verified.set(digest, { principal });
  if (due) {
    void prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date(now) } }).catch((err: unknown) => console.error(`api key ${key.prefix}: lastUsedAt not written: ${(err as Error).message}`));
  }
  return principal;
}
