import { useState } from 'react';
import type { ExportDelivery, ExportDeliveryList, ExportDestinationList, ExportDestinationView } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { useApi } from '../../api/use-api.js';
import { formatDuration, formatTime } from '../../components/alerting/alerting-format.js';
import { StateView } from '../../components/StateView.js';
import { ExportEditor } from './ExportEditor.js';
import { EXPORT_KIND_LABELS } from './export-form.js';

/** "delivered 42 items: status 202 after 2 attempts (1.2 s)" or "failed: …", from one delivery record. */
export function describeExportDelivery(d: ExportDelivery): string {
  const code = d.statusCode === null ? 'no answer' : `status ${d.statusCode}`;
  const tries = `${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`;
  return `${d.ok ? `delivered ${d.items} ${d.what === 'events' ? 'events' : 'points'}` : 'failed'}: ${code} after ${tries} (${formatDuration(d.durationMs)})${d.error ? ` — ${d.error}` : ''}`;
}

/** A destination's health as a badge: failing (last attempt failed), lagging (over 15 min behind), or ok. */
function health(d: ExportDestinationView): { label: string; cls: string } {
  if (!d.enabled) return { label: 'paused', cls: 'idle' };
  if (d.status.lastError) return { label: 'failing', cls: 'alerting' };
  if (d.status.lagSeconds !== null && d.status.lagSeconds > 900) return { label: 'lagging', cls: 'degraded' };
  if (d.status.lastSuccessAt === null) return { label: 'waiting', cls: 'idle' };
  return { label: 'delivering', cls: 'healthy' };
}

function Deliveries({ id }: { id: string }) {
  const state = useApi<ExportDeliveryList>(`/api/v1/exports/${encodeURIComponent(id)}/deliveries`, { limit: 20 });
  return (
    <StateView state={state} label="deliveries">
      {({ deliveries }) =>
        deliveries.length === 0 ? (
          <p className="state empty">No deliveries yet.</p>
        ) : (
          <table className="data-table" data-testid="export-deliveries">
            <thead>
              <tr>
                <th>When</th>
                <th>What</th>
                <th>Outcome</th>
                <th className="num">Lag</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d, i) => (
                <tr key={i}>
                  <td>{formatTime(d.at)}</td>
                  <td>{d.what}</td>
                  <td>
                    <span className={`badge ${d.ok ? 'healthy' : 'degraded'}`}>{d.ok ? 'ok' : 'failed'}</span>{' '}
                    {describeExportDelivery(d)}
                  </td>
                  <td className="num">{d.lagMs === null ? '—' : formatDuration(d.lagMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </StateView>
  );
}

/**
 * `/exports`: where Vigil sends its metrics and incident events (Datadog, Splunk, New Relic, CloudWatch, OTLP):
 * each destination's delivery status — how far it is, its last answer, counts —, its recent deliveries, a test
 * send; add, edit, pause, delete.
 */
export function ExportsPage() {
  const [reload, setReload] = useState(0);
  const [editing, setEditing] = useState<ExportDestinationView | 'new' | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; ok: boolean } | null>(null);
  const state = useApi<ExportDestinationList>('/api/v1/exports', {}, reload);
  const refresh = () => setReload((n) => n + 1);

  const test = async (d: ExportDestinationView) => {
    setNotice(null);
    try {
      const { delivery } = await sendApi('POST', `/api/v1/exports/${encodeURIComponent(d.id)}/test`);
      setNotice({ text: `${d.name}: test ${describeExportDelivery(delivery)}`, ok: delivery.ok });
    } catch (err) {
      setNotice({ text: err instanceof Error ? err.message : String(err), ok: false });
    }
    refresh();
  };
  const remove = async (d: ExportDestinationView) => {
    if (!window.confirm(`Stop exporting to "${d.name}" and delete it?`)) return;
    try {
      await sendApi('DELETE', `/api/v1/exports/${encodeURIComponent(d.id)}`);
    } catch (err) {
      setNotice({ text: err instanceof Error ? err.message : String(err), ok: false });
    }
    refresh();
  };

  return (
    <section className="page" data-testid="exports-page">
      <div className="page-head">
        <h1>Exports</h1>
        <button type="button" onClick={() => setEditing('new')} data-testid="new-export">
          New destination
        </button>
      </div>
      <p className="muted small">
        Every closed minute, per model and endpoint: calls, errors, latency p50/p95/p99, cost and tokens; every hour,
        drift share, missing rate and accuracy; and each incident opened, acknowledged and resolved. A destination that
        is down is retried with backoff and catches up when it is back, without delaying the others. Secrets are shown
        only as their last 4 characters.
      </p>
      {editing !== null && (
        <ExportEditor
          key={editing === 'new' ? 'new' : editing.id}
          destination={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            refresh();
          }}
        />
      )}
      {notice && (
        <p className={`notice ${notice.ok ? 'ok' : 'error'}`} role="status" data-testid="export-notice">
          {notice.text}
        </p>
      )}
      <StateView state={state} label="export destinations">
        {({ destinations }) =>
          destinations.length === 0 ? (
            <p className="state empty">No destinations: Vigil exports nothing until one is added.</p>
          ) : (
            <table className="data-table responsive" data-testid="exports-table">
              <thead>
                <tr>
                  <th>Destination</th>
                  <th>Status</th>
                  <th>Delivered through</th>
                  <th className="num">Lag</th>
                  <th>Last success</th>
                  <th className="num">Batches ok / failed</th>
                  <th className="num">Items sent</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {destinations.map((d) => {
                  const h = health(d);
                  return [
                    <tr key={d.id} data-testid="export-row" data-kind={d.kind}>
                      <td data-label="Destination">
                        <b>{d.name}</b>
                        <div className="muted small">{EXPORT_KIND_LABELS[d.kind]}</div>
                      </td>
                      <td data-label="Status">
                        <span className={`badge ${h.cls}`} data-testid="export-health">
                          {h.label}
                        </span>
                        {d.status.lastError && (
                          <div className="muted small" data-testid="export-last-error">
                            {d.status.lastError}
                          </div>
                        )}
                      </td>
                      <td data-label="Delivered through">{formatTime(d.status.exportedThrough)}</td>
                      <td data-label="Lag" className="num" data-testid="export-lag">
                        {d.status.lagSeconds === null ? '—' : formatDuration(d.status.lagSeconds * 1000)}
                      </td>
                      <td data-label="Last success">{formatTime(d.status.lastSuccessAt)}</td>
                      <td data-label="Batches" className="num">
                        {d.status.batchesOk} / {d.status.batchesFailed}
                      </td>
                      <td data-label="Items sent" className="num">
                        {d.status.itemsSent.toLocaleString('en-US')}
                      </td>
                      <td className="actions">
                        <button
                          type="button"
                          onClick={() => setOpen(open === d.id ? null : d.id)}
                          data-testid="export-history"
                        >
                          {open === d.id ? 'Hide' : 'Deliveries'}
                        </button>
                        <button type="button" onClick={() => void test(d)} data-testid="export-test">
                          Test
                        </button>
                        <button type="button" onClick={() => setEditing(d)}>
                          Edit
                        </button>
                        <button type="button" onClick={() => void remove(d)}>
                          Delete
                        </button>
                      </td>
                    </tr>,
                    open === d.id && (
                      <tr key={`${d.id}-deliveries`}>
                        <td colSpan={8}>
                          <Deliveries id={d.id} />
                        </td>
                      </tr>
                    ),
                  ];
                })}
              </tbody>
            </table>
          )
        }
      </StateView>
    </section>
  );
}
