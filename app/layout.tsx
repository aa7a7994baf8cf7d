import type { Metadata, Viewport } from "next";
import Link from "next/link";
import "./globals.css";
import { SignOutButton } from "@/components/sign-out-button";
import { getSessionActor } from "@/lib/auth/session";

export const metadata: Metadata = {
  title: { default: "Concert", template: "%s · Concert" },
  description: "Organise algorithmic collective action.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const actor = await getSessionActor();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:bg-white focus:p-2"
        >
          Skip to content
        </a>
        <header className="border-b border-slate-200 bg-white">
          <nav
            aria-label="Main"
            className="mx-auto flex max-w-4xl flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 sm:gap-x-4"
          >
            <Link href="/" className="text-brand-700 text-lg font-bold">
              Concert
            </Link>
            {actor ? (
              <>
                <Link href="/" className="text-sm text-slate-700 hover:underline">
                  My collectives
                </Link>
                <Link href="/settings/account" className="text-sm text-slate-700 hover:underline">
                  Settings
                </Link>
                {/* Handle and Sign out wrap together, so on a phone they share the second row. */}
                <span className="ml-auto flex min-w-0 items-center gap-1">
                  <span
                    className="max-w-36 truncate text-sm text-slate-600 sm:max-w-64"
                    title={actor.handle}
                    data-testid="signed-in-as"
                  >
                    {actor.handle}
                  </span>
                  <SignOutButton />
                </span>
              </>
            ) : (
              <span className="ml-auto flex gap-3 text-sm">
                <Link href="/sign-in" className="hover:underline">
                  Sign in
                </Link>
                <Link href="/sign-up" className="text-brand-700 font-semibold hover:underline">
                  Sign up
                </Link>
              </span>
            )}
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-4xl px-4 py-6 sm:py-10">
          {children}
        </main>
      </body>
    </html>
  );
}
