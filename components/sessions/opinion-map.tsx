import type { MapPoint, OpinionGroup } from "@/deliberation";

const groupColors = ["#4338ca", "#b45309", "#047857", "#be123c", "#0369a1"];
export const groupName = (id: number) => `Group ${String.fromCharCode(65 + id)}`;

/**
 * The opinion map: each dot is one participant placed by how they voted (first two
 * principal components), coloured by opinion group. No dot carries an identity; the
 * viewer's own dot is ringed. The figure has a text summary for screen readers.
 */
export function OpinionMap({ points, groups }: { points: MapPoint[]; groups: OpinionGroup[] }) {
  const size = 320;
  const pad = 20;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const span = (v: number[]) => {
    const min = Math.min(...v);
    const max = Math.max(...v);
    return { min, range: max - min || 1 };
  };
  const sx = span(xs);
  const sy = span(ys);
  const px = (x: number) => pad + ((x - sx.min) / sx.range) * (size - 2 * pad);
  const py = (y: number) => size - pad - ((y - sy.min) / sy.range) * (size - 2 * pad);
  // People who voted alike share a position; spread such dots on a small circle so each
  // person stays visible. Display only: the computed positions are unchanged.
  const seen = new Map<string, number>();
  const spread = points.map((p) => {
    const key = `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`;
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    const angle = k * 2.39996; // golden angle: successive dots never line up
    const r = k === 0 ? 0 : 6 + 2 * Math.sqrt(k);
    return { ...p, cx: px(p.x) + r * Math.cos(angle), cy: py(p.y) + r * Math.sin(angle) };
  });
  const summary =
    groups.length > 1
      ? `${points.length} participants form ${groups.length} opinion groups: ${groups
          .map((g) => `${groupName(g.id)} with ${g.size} people`)
          .join(", ")}.`
      : `${points.length} participants; no distinct opinion groups yet.`;
  return (
    <figure className="flex flex-col gap-2" data-testid="opinion-map">
      <svg
        viewBox={`0 0 ${size} ${size}`}
        className="w-full max-w-sm rounded border border-slate-200 bg-white"
        role="img"
        aria-label={summary}
      >
        {spread.map((p, i) => (
          <circle
            key={i}
            cx={p.cx}
            cy={p.cy}
            r={p.isViewer ? 7 : 5}
            fill={
              p.groupId === null
                ? "#94a3b8"
                : (groupColors[p.groupId % groupColors.length] ?? "#334155")
            }
            stroke={p.isViewer ? "#0f172a" : "white"}
            strokeWidth={p.isViewer ? 3 : 1}
          />
        ))}
      </svg>
      <figcaption className="text-sm text-slate-700">
        {summary} {points.some((p) => p.isViewer) ? "Your position is the ringed dot." : ""}
      </figcaption>
      <ul className="flex flex-wrap gap-3 text-sm" aria-hidden="true">
        {groups.map((g) => (
          <li key={g.id} className="flex items-center gap-1">
            <span
              className="inline-block h-3 w-3 rounded-full"
              style={{ background: groupColors[g.id % groupColors.length] }}
            />
            {groupName(g.id)} ({g.size})
          </li>
        ))}
      </ul>
    </figure>
  );
}
