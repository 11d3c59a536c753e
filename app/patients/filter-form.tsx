import Link from "next/link";
import type { PatientFilterOptions } from "@/lib/dashboard/patients-query";
import { PAGE_SIZES, patientsHref, type PatientsView } from "@/lib/dashboard/patients-params";
import styles from "./patients.module.css";

function Select({ name, label, value, options }: { name: string; label: string; value: string; options: readonly string[] }) {
  return (
    <label className={styles.field}>
      {label}
      <select name={name} defaultValue={value}>
        <option value="">All</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

function NumberInput({ name, label, value, min, max, step }: { name: string; label: string; value: number | null; min?: number; max?: number; step: string }) {
  return (
    <label className={styles.field}>
      {label}
      <input type="number" name={name} defaultValue={value ?? ""} min={min} max={max} step={step} inputMode="decimal" />
    </label>
  );
}

/**
 * The filters as a plain GET form: submitting it loads /patients with the filters in the query
 * string, with or without JavaScript. It starts again at page 1 and keeps the sort order.
 */
export function FilterForm({ view, options, predictions }: { view: PatientsView; options: PatientFilterOptions; predictions: boolean }) {
  return (
    // The key remounts the form when the URL's filters change, so its fields always show the URL.
    <form key={patientsHref(view, { page: 1 })} method="get" action="/patients" className={styles.filters} aria-label="Filter participants" role="search">
      <label className={styles.field}>
        Participant id
        <input type="search" name="q" defaultValue={view.q} placeholder="e.g. P00012" maxLength={64} />
      </label>
      <Select name="study" label="Study" value={view.study} options={options.studies} />
      <Select name="site" label="Site" value={view.site} options={options.sites} />
      <Select name="phase" label="Phase" value={view.phase} options={options.phases} />
      <Select name="area" label="Therapeutic area" value={view.area} options={options.therapeuticAreas} />
      {predictions && (
        <>
          <Select name="tier" label="Risk tier" value={view.tier} options={options.riskTiers} />
          <NumberInput name="minProb" label="Probability from (%)" value={view.minProb} min={0} max={100} step="any" />
          <NumberInput name="maxProb" label="Probability to (%)" value={view.maxProb} min={0} max={100} step="any" />
          <NumberInput name="minClv" label="CLV from (USD)" value={view.minClv} step="any" />
          <NumberInput name="maxClv" label="CLV to (USD)" value={view.maxClv} step="any" />
        </>
      )}
      <label className={styles.field}>
        Rows per page
        <select name="size" defaultValue={String(view.size)}>
          {PAGE_SIZES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <input type="hidden" name="sort" value={view.sort} />
      <input type="hidden" name="dir" value={view.dir} />
      <div className={styles.actions}>
        <button type="submit" className={styles.button}>
          Apply
        </button>
        <Link href="/patients">Reset</Link>
      </div>
    </form>
  );
}
