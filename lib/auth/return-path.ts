/** A same-site path to go back to after signing in; anything else (other sites, "//host") is "/". */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\") || value.startsWith("/api/")) return "/";
  return value.length > 2000 ? "/" : value;
}
