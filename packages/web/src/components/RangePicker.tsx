import { useState, type FormEvent } from 'react';
import { updateQuery } from '../routing/router.js';
import { PRESET_RANGES, type PresetRange, type RangeSpec } from '../routing/time-range.js';

// datetime-local speaks local wall time without a zone; the URL keeps ISO-8601 UTC.
const toLocalInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

/** Preset buttons (1h, 24h, 7d, 30d) and, unless `presetsOnly`, a custom from/to form. All state lives in the URL. */
export function RangePicker({ spec, presetsOnly = false }: { spec: RangeSpec; presetsOnly?: boolean }) {
  const [open, setOpen] = useState(spec.kind === 'custom');
  const now = Date.now();
  const [from, setFrom] = useState(toLocalInput(spec.kind === 'custom' ? spec.from : now - 86_400_000));
  const [to, setTo] = useState(toLocalInput(spec.kind === 'custom' ? spec.to : now));
  const [problem, setProblem] = useState<string | null>(null);

  const choose = (range: PresetRange) => {
    setOpen(false);
    updateQuery({ range, from: undefined, to: undefined });
  };
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const f = new Date(from).getTime();
    const t = new Date(to).getTime();
    if (!Number.isFinite(f) || !Number.isFinite(t) || f >= t) {
      setProblem('"From" must be a time before "To".');
      return;
    }
    setProblem(null);
    updateQuery({ range: 'custom', from: new Date(f).toISOString(), to: new Date(t).toISOString() });
  };

  return (
    <div className="range-picker" data-testid="range-picker">
      <div className="segmented" role="group" aria-label="Time range">
        {(Object.keys(PRESET_RANGES) as PresetRange[]).map((r) => (
          <button
            key={r}
            type="button"
            aria-pressed={spec.kind === 'preset' && spec.range === r}
            onClick={() => choose(r)}
          >
            {r}
          </button>
        ))}
        {!presetsOnly && (
          <button type="button" aria-pressed={spec.kind === 'custom'} onClick={() => setOpen(!open)}>
            Custom
          </button>
        )}
      </div>
      {!presetsOnly && open && (
        <form className="custom-range" onSubmit={apply}>
          <label>
            From <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required />
          </label>
          <label>
            To <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} required />
          </label>
          <button type="submit">Apply</button>
          {problem && <span className="error">{problem}</span>}
        </form>
      )}
    </div>
  );
}
