import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { currentPrincipal } from "@/app/_lib/page-access";
import { can, type Permission } from "@/lib/auth/roles";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Retain", template: "%s · Retain" },
  description: "Predicts which clinical-study participants will withdraw, what each is worth, and where retention effort pays.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

const NAV: Array<{ href: string; label: string; permission: Permission }> = [
  { href: "/", label: "Overview", permission: "participants:read" },
  { href: "/patients", label: "Participants", permission: "participants:read" },
  { href: "/model", label: "Model", permission: "aggregates:read" },
  { href: "/batch", label: "Batch scoring", permission: "predict" },
  { href: "/planner", label: "Planner", permission: "interventions:plan" },
  { href: "/ops", label: "Operations", permission: "aggregates:read" },
  { href: "/ops/audit", label: "Audit", permission: "audit:read" },
];

export default async function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  const principal = await currentPrincipal();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="topbar">
          <Link href="/" className="brand" aria-label="Retain home">
            <span className="brand-mark" aria-hidden="true">
              R
            </span>
            Retain
          </Link>
          {principal ? (
            <>
              <nav aria-label="Main">
                {NAV.filter((n) => can(principal.role, n.permission)).map((n) => (
                  <Link key={n.href} href={n.href}>
                    {n.label}
                  </Link>
                ))}
              </nav>
              <form method="post" action="/api/auth/sign-out" className="account">
                <span data-testid="signed-in-as">
                  {principal.name} <small>({principal.role})</small>
                </span>
                <button type="submit">Sign out</button>
              </form>
            </>
          ) : null}
        </header>
        <main id="main" className="page">
          {children}
        </main>
      </body>
    </html>
  );
}
