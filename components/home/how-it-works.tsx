const steps = [
  {
    name: "Decide",
    text: "Members vote together in sessions on what the platform's model should learn.",
  },
  {
    name: "Act",
    text: "Each member gets their own small edit to the data they give the platform, and makes it.",
  },
  {
    name: "Forecast",
    text: "A shadow model of the platform estimates whether it will work, and how many more members it needs.",
  },
] as const;

/** Decide -> act -> forecast, as a real ordered list; the arrows are decoration. */
export function HowItWorks() {
  return (
    <ol
      aria-label="How Concert works: decide, act, forecast"
      className="flex flex-col items-stretch gap-1 sm:flex-row sm:gap-2"
    >
      {steps.map((s, i) => (
        <li
          key={s.name}
          className="flex flex-col items-center gap-1 sm:flex-1 sm:flex-row sm:gap-2"
        >
          <div className="border-brand-600 w-full flex-1 rounded-lg border-2 bg-white p-3 sm:self-stretch">
            <p className="text-brand-700 font-bold">
              {i + 1}. {s.name}
            </p>
            <p className="text-sm text-slate-700">{s.text}</p>
          </div>
          {i < steps.length - 1 && (
            <span aria-hidden="true" className="text-brand-700 text-xl leading-none font-bold">
              <span className="sm:hidden">↓</span>
              <span className="hidden sm:inline">→</span>
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}
