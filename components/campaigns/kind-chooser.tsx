"use client";

import { useState, type ReactNode } from "react";

type Kind = "classifier" | "recommender" | "regression";

const KINDS: { kind: Kind; title: string; hint: string }[] = [
  {
    kind: "classifier",
    title: "A classifier",
    hint: "It labels people or their content (accept, flag, spam). Members change their records or labels.",
  },
  {
    kind: "recommender",
    title: "A recommender",
    hint: "It recommends from sequences people own (playlists, watch lists, baskets). Members add one item once.",
  },
  {
    kind: "regression",
    title: "A regression",
    hint: "It fits a number from numbers people report (pay, price, a score). Members report computed numbers.",
  },
];

/**
 * The first choice of a campaign design: the platform's kind of model. Each kind has its own
 * designer (strategies, data and forecast differ); the others stay unmounted.
 */
export function KindChooser({
  designers,
  initial = "classifier",
}: {
  designers: Record<Kind, ReactNode>;
  initial?: Kind;
}) {
  const [kind, setKind] = useState<Kind>(initial);
  return (
    <div className="flex flex-col gap-4">
      <fieldset className="flex flex-col gap-2" data-testid="kind-chooser">
        <legend className="mb-1 text-sm font-medium text-slate-800">
          What does the platform&apos;s model do?
        </legend>
        <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
          {KINDS.map((k) => (
            <label
              key={k.kind}
              className={`flex cursor-pointer flex-col gap-1 rounded-md border p-3 text-sm focus-within:ring-2 focus-within:ring-indigo-500 ${
                kind === k.kind ? "border-indigo-600 bg-indigo-50" : "border-slate-300 bg-white"
              }`}
            >
              <span className="flex items-center gap-2 font-medium text-slate-900">
                <input
                  type="radio"
                  name="platform-kind"
                  value={k.kind}
                  checked={kind === k.kind}
                  onChange={() => setKind(k.kind)}
                />
                {k.title}
              </span>
              <span className="text-slate-600">{k.hint}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {designers[kind]}
    </div>
  );
}
