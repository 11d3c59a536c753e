import Link from "next/link";
import { patientsHref, type PatientsView } from "@/lib/dashboard/patients-params";
import { formatInt } from "@/lib/format";
import styles from "./patients.module.css";

function PageLink({ view, page, label, enabled, rel }: { view: PatientsView; page: number; label: string; enabled: boolean; rel?: string }) {
  if (!enabled) {
    return (
      <span className={styles.disabled} aria-disabled="true">
        {label}
      </span>
    );
  }
  return (
    <Link href={patientsHref(view, { page })} rel={rel} data-testid={`page-${label.toLowerCase()}`}>
      {label}
    </Link>
  );
}

/** First / previous / next / last links; the page number is part of the URL like everything else. */
export function Pager({ view, pages }: { view: PatientsView; pages: number }) {
  return (
    <nav className={styles.pager} aria-label="Pages">
      <PageLink view={view} page={1} label="First" enabled={view.page > 1} />
      <PageLink view={view} page={Math.min(view.page - 1, pages)} label="Previous" enabled={view.page > 1} rel="prev" />
      <span className={styles.pageOf} data-testid="page-of" aria-current="page">
        Page {formatInt(view.page)} of {formatInt(pages)}
      </span>
      <PageLink view={view} page={view.page + 1} label="Next" enabled={view.page < pages} rel="next" />
      <PageLink view={view} page={pages} label="Last" enabled={view.page < pages} />
    </nav>
  );
}
