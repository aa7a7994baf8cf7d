/**
 * A chart legend's sample of one series: a line (optionally dashed or thin), a shaded area
 * (optionally outlined), or a vertical marker. The forecast charts draw their legends with it.
 */
export function Swatch({
  color,
  dash,
  width = 2,
  area,
  vertical = false,
}: {
  color: string;
  dash?: string;
  width?: number;
  /** A shaded area instead of a line: its opacity and optional outline. */
  area?: { opacity: number; stroke?: string };
  vertical?: boolean;
}) {
  return (
    <svg width="22" height="10" aria-hidden="true">
      {area ? (
        <rect
          width="22"
          height="10"
          fill={color}
          fillOpacity={area.opacity}
          stroke={area.stroke}
          strokeDasharray={dash}
        />
      ) : vertical ? (
        <line x1="11" y1="0" x2="11" y2="10" stroke={color} strokeWidth={width} />
      ) : (
        <line
          x1="0"
          y1="5"
          x2="22"
          y2="5"
          stroke={color}
          strokeWidth={width}
          strokeDasharray={dash}
        />
      )}
    </svg>
  );
}
