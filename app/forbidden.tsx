import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="empty" role="alert">
      <h1>Not allowed</h1>
      <p>
        Your role does not allow this page. Ask an administrator for a role with more access, or go <Link href="/">back to the overview</Link>.
      </p>
    </div>
  );
}
