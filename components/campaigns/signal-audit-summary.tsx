import type { SignalAuditDto } from "@/components/ui/api-client";

/** The signal audit's numbers on the sample, with rare unused tokens the organizer can pick. */
export function AuditSummary({
  audit,
  onPick,
}: {
  audit: SignalAuditDto;
  onPick: (token: string) => void;
}) {
  return (
    <div
      className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm"
      data-testid="signal-audit"
    >
      {audit.goal === "plant" && (
        <>
          <p>
            <strong>xi = {(audit.xi * 100).toFixed(2)}%</strong> of records already carry the signal
            {audit.xi === 0
              ? " (a unique signal: any collective size can succeed in theory)."
              : "."}
          </p>
          <p>
            Delta (how far the target is from winning where the signal appears) ={" "}
            {audit.delta.toFixed(3)}
          </p>
          {audit.survivesTokenizer === false && (
            <p className="text-red-700">
              The platform&apos;s text processing may split or drop this token.
            </p>
          )}
        </>
      )}
      {audit.goal === "erase" && <p>Erasure gap estimate = {audit.expectedGap.toFixed(3)}</p>}
      {audit.suggestions.length > 0 && (
        <p className="mt-1 flex flex-wrap items-center gap-2">
          Rare tokens absent from the data:
          {audit.suggestions.map((t) => (
            <button
              key={t}
              type="button"
              className="rounded border border-slate-300 bg-white px-2 py-0.5"
              onClick={() => onPick(t)}
              aria-label={`Use token ${t}`}
            >
              {t}
            </button>
          ))}
        </p>
      )}
    </div>
  );
}
