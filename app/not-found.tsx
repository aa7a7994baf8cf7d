import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-md text-center">
      <h1 className="mb-2 text-2xl font-bold">Not found</h1>
      <p className="mb-4 text-slate-700">
        This page does not exist, or you do not have access to it.
      </p>
      <Link href="/" className="text-brand-700 underline">
        Back to my collectives
      </Link>
    </div>
  );
}
