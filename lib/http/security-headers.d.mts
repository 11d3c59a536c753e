export type SecurityHeaderKind = "page" | "api" | "apollo-landing";

export function appContentSecurityPolicy(options?: { dev?: boolean }): string;
export const API_CONTENT_SECURITY_POLICY: string;
export function apolloLandingPageContentSecurityPolicy(nonce: string | null): string;
export function landingPageNonce(html: string): string | null;
export const COMMON_SECURITY_HEADERS: Readonly<Record<string, string>>;
export function securityHeaders(kind: SecurityHeaderKind, options?: { dev?: boolean; nonce?: string | null }): Record<string, string>;
export function nextHeaderRules(options?: { dev?: boolean }): Array<{ source: string; headers: Array<{ key: string; value: string }> }>;
