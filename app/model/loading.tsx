export default function Loading() {
  return (
    <>
      <h1>Model</h1>
      <div className="empty" role="status" aria-live="polite">
        Loading the served model&apos;s metrics and explanations…
      </div>
    </>
  );
}
