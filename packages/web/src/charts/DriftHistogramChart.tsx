import type { DriftHistogram } from '@vigil/protocol';

const REF = '#94a3b8';
const CUR = '#2563eb';

/**
 * Reference (grey) and current (blue) shares side by side per bin, as SVG. Bins come from the API
 * (the drift engine's shared binning); nothing is re-binned here.
 */
export function DriftHistogramChart({
  column,
  reference,
  current,
  width = 220,
  height = 56,
}: {
  column: string;
  reference: DriftHistogram | null;
  current: DriftHistogram | null;
  width?: number;
  height?: number;
}) {
  if (!reference || !current || reference.labels.length === 0) return <span className="muted small">—</span>;
  const n = reference.labels.length;
  const max = Math.max(...reference.shares, ...current.shares, 1e-9);
  const slot = width / n;
  const bar = Math.max(1, slot / 2 - 0.5);
  const h = (v: number) => (v / max) * (height - 2);
  return (
    <svg
      className="drift-histogram"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${column}: reference vs current distribution`}
      data-testid="drift-histogram"
      data-column={column}
      data-bins={n}
    >
      {reference.labels.map((label, i) => (
        <g key={i}>
          <title>{`${label}: reference ${(reference.shares[i]! * 100).toFixed(1)}%, current ${(current.shares[i]! * 100).toFixed(1)}%`}</title>
          <rect
            x={i * slot}
            y={height - h(reference.shares[i]!)}
            width={bar}
            height={h(reference.shares[i]!)}
            fill={REF}
          />
          <rect
            x={i * slot + bar}
            y={height - h(current.shares[i]!)}
            width={bar}
            height={h(current.shares[i]!)}
            fill={CUR}
          />
        </g>
      ))}
    </svg>
  );
}
