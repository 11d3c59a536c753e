import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentPrincipal } from "@/app/_lib/page-access";
import { safeReturnPath } from "@/lib/auth/return-path";
import styles from "./sign-in.module.css";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<{ next?: string | string[]; error?: string | string[] }>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const next = safeReturnPath(one(params.next));
  if (await currentPrincipal()) redirect(next);
  const failed = one(params.error) === "1";
  return (
    <section className={`panel ${styles.box}`} aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <p className="subtitle">Retain holds data about clinical-study participants: sign in with the account an administrator gave you.</p>
      {failed ? (
        <p role="alert" className={styles.error} data-testid="sign-in-error">
          The username or password is not right, or the account is disabled.
        </p>
      ) : null}
      <form method="post" action="/api/auth/sign-in" className={styles.form}>
        <input type="hidden" name="next" value={next} />
        <label>
          Username
          <input name="username" autoComplete="username" required autoFocus maxLength={100} />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required maxLength={256} />
        </label>
        <button type="submit">Sign in</button>
      </form>
      <p className={styles.note}>
        The first <code>npm start</code> creates the account <code>admin</code> and prints its password once (or takes it from <code>ADMIN_PASSWORD</code>). An admin adds people with{" "}
        <code>npm run users:create</code>.
      </p>
    </section>
  );
}
