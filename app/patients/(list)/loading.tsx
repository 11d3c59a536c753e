export default function Loading() {
  return (
    <>
      <h1>Participants</h1>
      <div className="empty" role="status" aria-live="polite">
        Loading participants…
      </div>
    </>
  );
}
