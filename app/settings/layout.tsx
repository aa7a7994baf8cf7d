import { SettingsNav } from "@/components/settings/settings-nav";
import { getSessionActor } from "@/lib/auth/session";

/** Settings pages share one small nav; signed-out visitors (e.g. after deleting) see none. */
export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const actor = await getSessionActor();
  return (
    <div className="flex flex-col gap-4">
      {actor && <SettingsNav />}
      {children}
    </div>
  );
}
