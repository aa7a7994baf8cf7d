export type { SessionViewDto } from "@/lib/data/sessions";
