import type { Metadata, Viewport } from "next";
import Link from "next/link";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Retain", template: "%s · Retain" },
  description: "Predicts which clinical-study participants will withdraw, what each is worth, and where retention effort pays.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
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
          <nav aria-label="Main">
            <Link href="/">Overview</Link>
            <Link href="/patients">Participants</Link>
            <Link href="/model">Model</Link>
            <Link href="/batch">Batch scoring</Link>
            <Link href="/planner">Planner</Link>
            <Link href="/ops">Operations</Link>
          </nav>
        </header>
        <main id="main" className="page">
          {children}
        </main>
      </body>
    </html>
  );
}
