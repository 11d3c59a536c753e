import type { BucketKind } from "./types";

/**
 * Edge values printed with 6 significant digits, or more where that would make two neighbouring
 * edges look the same (labels must tell bins apart).
 */
function formatEdges(edges: readonly number[]): string[] {
  for (let digits = 6; digits < 17; digits++) {
    const text = edges.map((e) => String(Number(e.toPrecision(digits))));
    if (text.every((t, i) => i === 0 || t !== text[i - 1])) return text;
  }
  return edges.map(String);
}

export interface BucketLabel {
  label: string;
  kind: BucketKind;
}

export function numericLabels(edges: readonly number[]): BucketLabel[] {
  const text = formatEdges(edges);
  const labels: BucketLabel[] = [];
  if (edges.length === 0) labels.push({ label: "all values", kind: "bin" });
  else {
    labels.push({ label: `<= ${text[0]}`, kind: "bin" });
    for (let i = 1; i < edges.length; i++) labels.push({ label: `(${text[i - 1]}, ${text[i]}]`, kind: "bin" });
    labels.push({ label: `> ${text[edges.length - 1]}`, kind: "bin" });
  }
  labels.push({ label: "missing", kind: "missing" });
  return labels;
}

export function categoricalLabels(categories: readonly string[]): BucketLabel[] {
  return [
    ...categories.map((c): BucketLabel => ({ label: c, kind: "category" })),
    { label: "unseen", kind: "unseen" },
    { label: "missing", kind: "missing" },
  ];
}
