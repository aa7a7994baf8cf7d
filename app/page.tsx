import Link from "next/link";
import { getDb } from "@/lib/data/db";
import { getSessionActor } from "@/lib/auth/session";
import { listMyCollectives } from "@/lib/data/dashboard";
import { FrontDoor } from "@/components/home/front-door";
import { NoCollectives } from "@/components/home/no-collectives";

export default async function HomePage() {
  const actor = await getSessionActor();
  if (!actor) return <FrontDoor />;
  const collectives = await listMyCollectives(await getDb(), actor);
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">My collectives</h1>
        <Link
          href="/collectives/new"
          className="bg-brand-600 hover:bg-brand-700 rounded-md px-4 py-2 text-sm font-semibold text-white"
        >
          New collective
        </Link>
      </div>
      {collectives.length === 0 ? (
        <NoCollectives />
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2" aria-label="Your collectives">
          {collectives.map((c) => (
            <li key={c.id}>
              <Link
                href={`/c/${c.id}`}
                className="hover:border-brand-600 block rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
              >
                <span className="block font-semibold">{c.name}</span>
                <span className="text-sm text-slate-600">
                  {c.platform ? `${c.platform} · ` : ""}
                  {c.role}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
