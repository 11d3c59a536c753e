import { requirePageAccess } from "@/app/_lib/page-access";

// Checked here, above the page's loading state, so a visitor without access gets a real redirect or 403.
export default async function AccessLayout({ children }: { children: React.ReactNode }) {
  await requirePageAccess("aggregates:read", "/model");
  return children;
}
