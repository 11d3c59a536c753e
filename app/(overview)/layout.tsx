import { accessLayout } from "@/app/_lib/page-access";

export default accessLayout("participants:read", "/");
