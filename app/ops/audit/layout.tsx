import { accessLayout } from "@/app/_lib/page-access";

export default accessLayout("audit:read", "/ops/audit");
