import styles from "./tier-badge.module.css";

const KNOWN = new Set(["low", "medium", "high", "critical"]);

/** A risk tier as a coloured badge; the tier is also written out, so colour is never the only cue. */
export function TierBadge({ tier, testId }: { tier: string | null; testId?: string }) {
  const known = tier !== null && KNOWN.has(tier);
  return (
    <span className={`${styles.badge} ${known ? styles[tier] : styles.unknown}`} data-testid={testId} data-tier={tier ?? undefined}>
      {tier ?? "not scored"}
    </span>
  );
}
