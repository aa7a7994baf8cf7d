import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Account deleted" };

/** Where deleting one's account lands: signed out, nothing left to show. */
export default function AccountDeletedPage() {
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-2xl font-bold">Your account is deleted</h1>
      <p className="text-slate-700">
        You are signed out everywhere, and your API tokens no longer work. Your votes remain only as
        anonymous counts.
      </p>
      <p>
        <Link href="/" className="text-brand-700 underline">
          Back to the start page
        </Link>
      </p>
    </div>
  );
}
