import { useState, type FormEvent } from 'react';
import type { DashboardBody, DashboardPanel, DashboardRange } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { FormProblem } from '../../components/alerting/FormField.js';
import { useSaveForm } from '../../components/forms/use-save-form.js';
import { METRIC_LABELS, PANEL_HEALTH_METRICS, PANEL_MODEL_METRICS } from './panel-format.js';

const RANGES: DashboardRange[] = ['1h', '24h', '7d', '30d'];
const DISPLAYS: Array<DashboardPanel['display']> = ['chart', 'number', 'table'];

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'panel';

/** Compose a dashboard: name, team, range and panels (metric, model / endpoint / segment, display, range). */
export function DashboardEditor({
  initial,
  isNew,
  teams,
  onSaved,
  onCancel,
}: {
  initial: DashboardBody;
  isNew: boolean;
  teams: string[];
  onSaved: (saved: { id: string }) => void;
  onCancel: () => void;
}) {
  const [d, setD] = useState<DashboardBody>(initial);
  const form = useSaveForm(() => {});
  const setPanel = (i: number, p: Partial<DashboardPanel>) =>
    setD((x) => ({ ...x, panels: x.panels.map((q, k) => (k === i ? { ...q, ...p } : q)) }));
  const addPanel = () =>
    setD((x) => {
      let id = 'panel';
      for (let n = x.panels.length + 1; x.panels.some((p) => p.id === id); n++) id = `panel-${n}`;
      return { ...x, panels: [...x.panels, { id, title: 'New panel', display: 'chart', metrics: ['latency.p95'] }] };
    });
  const move = (i: number, by: number) =>
    setD((x) => {
      const panels = [...x.panels];
      const [p] = panels.splice(i, 1);
      panels.splice(Math.max(0, Math.min(panels.length, i + by)), 0, p!);
      return { ...x, panels };
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: DashboardBody = {
      ...d,
      name: d.name.trim(),
      panels: d.panels.map((p) => {
        const clean: DashboardPanel = { id: p.id, title: p.title, display: p.display, metrics: p.metrics };
        if (p.model?.trim()) clean.model = p.model.trim();
        if (p.endpoint?.trim()) clean.endpoint = p.endpoint.trim();
        if (p.segment?.trim()) clean.segment = p.segment.trim();
        if (p.groupBy) clean.groupBy = p.groupBy;
        if (p.range) clean.range = p.range;
        return clean;
      }),
    };
    if (!body.description) delete body.description;
    if (isNew && !body.id) body.id = slug(body.name);
    void form.submit(async () => {
      const saved = isNew
        ? await sendApi('POST', '/api/v1/dashboards', body)
        : await sendApi('PUT', `/api/v1/dashboards/${encodeURIComponent(initial.id!)}`, body);
      onSaved(saved.dashboard);
    });
  };
  return (
    <form className="card stack" onSubmit={submit} data-testid="dashboard-editor">
      <div className="form-grid">
        <label className="field">
          <span>Name</span>
          <input
            value={d.name}
            onChange={(e) => setD({ ...d, name: e.target.value })}
            required
            data-testid="dashboard-name"
          />
        </label>
        <label className="field">
          <span>For team</span>
          <select
            value={d.team ?? ''}
            onChange={(e) => setD({ ...d, team: e.target.value || null })}
            data-testid="dashboard-team"
          >
            <option value="">—</option>
            {teams.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Range</span>
          <select value={d.range} onChange={(e) => setD({ ...d, range: e.target.value as DashboardRange })}>
            {RANGES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label className="field wide">
          <span>Description</span>
          <input value={d.description ?? ''} onChange={(e) => setD({ ...d, description: e.target.value })} />
        </label>
      </div>
      {d.panels.map((p, i) => (
        <fieldset key={i} className="card panel-editor" data-testid="panel-editor">
          <legend>Panel {i + 1}</legend>
          <div className="form-grid">
            <label className="field">
              <span>Title</span>
              <input
                value={p.title}
                onChange={(e) => setPanel(i, { title: e.target.value })}
                required
                data-testid="panel-title"
              />
            </label>
            <label className="field">
              <span>Shown as</span>
              <select
                value={p.display}
                onChange={(e) => setPanel(i, { display: e.target.value as DashboardPanel['display'] })}
                data-testid="panel-display"
              >
                {DISPLAYS.map((x) => (
                  <option key={x}>{x}</option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Metric</span>
              <select
                value={p.metrics[0]}
                onChange={(e) =>
                  setPanel(i, { metrics: [e.target.value, ...p.metrics.slice(1).filter((m) => m !== e.target.value)] })
                }
                data-testid="panel-metric"
              >
                <optgroup label="API health">
                  {PANEL_HEALTH_METRICS.map((m) => (
                    <option key={m} value={m}>
                      {METRIC_LABELS[m] ?? m}
                    </option>
                  ))}
                </optgroup>
                <optgroup label="Model health (one model)">
                  {PANEL_MODEL_METRICS.map((m) => (
                    <option key={m} value={m}>
                      {METRIC_LABELS[m] ?? m}
                    </option>
                  ))}
                </optgroup>
              </select>
            </label>
            <label className="field">
              <span>One line / row per</span>
              <select
                value={p.groupBy ?? ''}
                onChange={(e) => setPanel(i, { groupBy: (e.target.value || undefined) as DashboardPanel['groupBy'] })}
                data-testid="panel-group"
              >
                <option value="">—</option>
                <option value="model">model</option>
                <option value="endpoint">endpoint</option>
              </select>
            </label>
            <label className="field">
              <span>Model</span>
              <input
                value={p.model ?? ''}
                onChange={(e) => setPanel(i, { model: e.target.value })}
                placeholder="all"
                data-testid="panel-model"
              />
            </label>
            <label className="field">
              <span>Endpoint</span>
              <input
                value={p.endpoint ?? ''}
                onChange={(e) => setPanel(i, { endpoint: e.target.value })}
                placeholder="all"
              />
            </label>
            <label className="field">
              <span>Segment</span>
              <input
                value={p.segment ?? ''}
                onChange={(e) => setPanel(i, { segment: e.target.value })}
                placeholder="key=value"
              />
            </label>
            <label className="field">
              <span>Range</span>
              <select
                value={p.range ?? ''}
                onChange={(e) => setPanel(i, { range: (e.target.value || undefined) as DashboardRange })}
              >
                <option value="">the dashboard's</option>
                {RANGES.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </label>
          </div>
          <div className="actions">
            <button type="button" onClick={() => move(i, -1)} disabled={i === 0}>
              ↑
            </button>
            <button type="button" onClick={() => move(i, 1)} disabled={i === d.panels.length - 1}>
              ↓
            </button>
            <button
              type="button"
              className="danger-button"
              onClick={() => setD({ ...d, panels: d.panels.filter((_, k) => k !== i) })}
            >
              Remove
            </button>
          </div>
        </fieldset>
      ))}
      <button type="button" onClick={addPanel} data-testid="add-panel">
        Add a panel
      </button>
      <FormProblem text={form.problem?.message ?? null} testId="dashboard-problem" />
      <div className="actions">
        <button type="submit" className="primary-button" disabled={form.isSaving} data-testid="save-dashboard">
          {form.isSaving ? 'Saving…' : isNew ? 'Save dashboard' : 'Save changes'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
