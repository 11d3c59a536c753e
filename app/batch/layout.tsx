import { accessLayout } from "@/app/_lib/page-access";

export default accessLayout("predict", "/batch");
