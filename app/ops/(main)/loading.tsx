export default function Loading() {
  return (
    <p role="status" aria-live="polite">
      Checking the service&apos;s health, cache and drift…
    </p>
  );
}
