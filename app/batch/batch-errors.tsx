"use client";

import { useEffect, useRef } from "react";
import type { BatchErrorBody } from "@/lib/dashboard/batch-types";
import { formatInt } from "@/lib/format";
import styles from "./batch.module.css";

/** The problems of a rejected file, by line and column (the first ones, with the total). */
export function BatchErrors({ fileName, body }: { fileName: string; body: BatchErrorBody }) {
  const shown = body.errors.length;
  const heading = useRef<HTMLHeadingElement>(null);
  // Moves focus to the report so keyboard and screen-reader users hear what to fix.
  useEffect(() => heading.current?.focus(), [body]);
  return (
    <section className={`panel ${styles.failure}`} aria-labelledby="batch-errors-title" data-testid="batch-errors">
      <h2 id="batch-errors-title" ref={heading} tabIndex={-1} className={styles.focusTarget}>
        {fileName} was not scored: {formatInt(body.errorCount)} problem{body.errorCount === 1 ? "" : "s"}
      </h2>
      <p>
        Nothing in the file was scored. Fix the rows below and upload it again.
        {body.errorCount > shown ? ` Showing the first ${formatInt(shown)} of ${formatInt(body.errorCount)} problems.` : ""}
      </p>
      <table className={styles.leftTable}>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Column</th>
            <th scope="col">Problem</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {body.errors.map((e, i) => (
            <tr key={`${e.line}-${e.column}-${i}`}>
              <td>{e.line}</td>
              <td>
                <code>{e.column}</code>
              </td>
              <td>{e.message}</td>
              <td className={styles.value}>{e.value === "" ? <span className={styles.muted}>(empty)</span> : e.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
