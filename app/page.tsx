import Link from "next/link";
import { getDb } from "@/lib/data/db";
import { getSessionActor } from "@/lib/auth/session";
import { listMyCollectives } from "@/lib/data/dashboard";
import { Card } from "@/components/ui/card";

export default async function HomePage() {
  const actor = await getSessionActor();
  if (!actor) return <Landing />;
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
        <Card>
          <p className="text-slate-700">
            You are not in any collective yet. Create one, or open an invite link someone sent you.
          </p>
        </Card>
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

function Landing() {
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-3xl font-bold">Act together on the models that decide about you.</h1>
      <p className="max-w-2xl text-lg text-slate-700">
        Concert helps workers and users of a platform form a collective, decide together what they
        want its model to learn, give each member a precise instruction, and forecast honestly
        whether it will work. Join under a pseudonym: no real name, no platform account id.
      </p>
      <div className="flex flex-wrap gap-3">
        <Link
          href="/sign-up"
          className="bg-brand-600 hover:bg-brand-700 rounded-md px-4 py-2 font-semibold text-white"
        >
          Create an account
        </Link>
        <Link
          href="/sign-in"
          className="rounded-md border border-slate-300 bg-white px-4 py-2 font-semibold"
        >
          Sign in
        </Link>
      </div>
    </div>
  );
}
