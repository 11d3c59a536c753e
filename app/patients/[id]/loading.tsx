export default function Loading() {
  return (
    <>
      <h1>Participant</h1>
      <div className="empty" role="status" aria-live="polite">
        Loading the participant, their predictions and the explanation…
      </div>
    </>
  );
}
