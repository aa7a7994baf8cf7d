"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export function CollectiveNav({
  collectiveId,
  isOrganizer,
}: {
  collectiveId: string;
  isOrganizer: boolean;
}) {
  const pathname = usePathname();
  const base = `/c/${collectiveId}`;
  const tabs = [
    { href: base, label: "Overview" },
    { href: `${base}/campaigns`, label: "Campaigns" },
    { href: `${base}/sessions`, label: "Sessions" },
    { href: `${base}/members`, label: "Members" },
    ...(isOrganizer
      ? [
          { href: `${base}/invites`, label: "Invites" },
          { href: `${base}/audit`, label: "Audit log" },
        ]
      : []),
  ];
  return (
    <nav aria-label="Collective" className="flex flex-wrap gap-x-1 border-b border-slate-200">
      {tabs.map((t) => {
        const isCurrent = t.href === base ? pathname === base : pathname.startsWith(t.href);
        return (
          <Link
            key={t.href}
            href={t.href}
            aria-current={isCurrent ? "page" : undefined}
            className={`border-b-2 px-3 py-2 text-sm whitespace-nowrap ${
              isCurrent
                ? "border-brand-600 text-brand-700 font-semibold"
                : "border-transparent text-slate-700"
            }`}
          >
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
