import Link from "next/link";
import { HowItWorks } from "./how-it-works";
import { WhatItAsks, WhatItPromises } from "./promises";

function AccountLinks() {
  return (
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
  );
}

/** The signed-out home page: what Concert does, what it asks, what it promises. */
export function FrontDoor() {
  return (
    <div className="flex flex-col gap-10">
      <div className="flex flex-col gap-4">
        <h1 className="text-3xl font-bold">Act together on the models that decide about you.</h1>
        <p className="max-w-2xl text-lg text-slate-700">
          Platforms and employers train models on the data you give them. Concert helps the people
          behind that data form a collective, agree on what they want the model to learn, and each
          make one small, precise change, so that together they move it. Join under a pseudonym.
        </p>
        <AccountLinks />
        <p className="text-sm text-slate-600">
          Got an invite link? Open it: it lets you create an account and join the collective in one
          step.
        </p>
      </div>
      <section aria-labelledby="what-heading" className="flex flex-col gap-3">
        <h2 id="what-heading" className="text-xl font-semibold">
          What Concert does
        </h2>
        <HowItWorks />
      </section>
      <section aria-labelledby="asks-heading" className="flex flex-col gap-3">
        <h2 id="asks-heading" className="text-xl font-semibold">
          What it asks of you
        </h2>
        <WhatItAsks />
      </section>
      <section aria-labelledby="promises-heading" className="flex flex-col gap-3">
        <h2 id="promises-heading" className="text-xl font-semibold">
          What it promises
        </h2>
        <WhatItPromises />
      </section>
      <AccountLinks />
    </div>
  );
}
