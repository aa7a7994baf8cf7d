import Link from "next/link";
import { Card } from "@/components/ui/card";

/** Signed-in home with no collective: the two ways in, and what comes after. */
export function NoCollectives() {
  return (
    <Card>
      <p className="text-slate-700">You are not in any collective yet.</p>
      <ul className="mt-3 flex list-disc flex-col gap-2 pl-5 text-slate-800">
        <li>
          <strong>Invited?</strong> Open the invite link someone sent you, in this browser. It adds
          you to their collective.
        </li>
        <li>
          <strong>Starting one?</strong>{" "}
          <Link href="/collectives/new" className="text-brand-700 underline">
            Create a collective
          </Link>
          . Then invite people, run a session to decide a goal, and design a campaign.
        </li>
      </ul>
    </Card>
  );
}
