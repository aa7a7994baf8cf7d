"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/settings/account", label: "Account" },
  { href: "/settings/tokens", label: "API tokens" },
] as const;

/** The settings pages' nav; the current page is marked for screen readers too (aria-current). */
export function SettingsNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="flex gap-4 border-b border-slate-200 pb-2 text-sm">
      {LINKS.map((l) => {
        const isCurrent = pathname === l.href;
        return (
          <Link
            key={l.href}
            href={l.href}
            aria-current={isCurrent ? "page" : undefined}
            className={
              isCurrent
                ? "font-semibold text-slate-900 underline underline-offset-4"
                : "text-slate-700 hover:underline"
            }
          >
            {l.label}
          </Link>
        );
      })}
    </nav>
  );
}
