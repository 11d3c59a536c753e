"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="empty" role="alert">
      <h1>Something went wrong</h1>
      <p>The page could not be loaded{error.digest ? ` (reference ${error.digest})` : ""}. Check that the database is reachable.</p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
