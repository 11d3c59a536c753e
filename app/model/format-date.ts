/**
 * UTC date and time as "YYYY-MM-DD HH:MM UTC". Fixed rather than locale-dependent so the server
 * render and the browser's hydration produce the same text whatever their time zones.
 */
export function formatUtc(iso: string | null): string {
  if (!iso) return "–";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "–" : `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
