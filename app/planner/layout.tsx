import { accessLayout } from "@/app/_lib/page-access";

export default accessLayout("interventions:plan", "/planner");
