import type { EventPage } from '@vigil/protocol';
import { useApi } from '../api/use-api.js';
import { formatMs, formatUsd } from '../format/format-value.js';
import { updateQuery } from '../routing/router.js';
import { StateView } from './StateView.js';
import { Time } from './Time.js';

/**
 * One stored call, as Vigil keeps it: the facts it derived and the event exactly as the client sent it (card
 * numbers masked). Opened from the recent calls (`?event=<requestId>`), so it can be linked.
 */
export function EventDetail({ model, requestId }: { model: string; requestId: string }) {
  const page = useApi<EventPage>('/api/v1/events', { model, requestId, limit: 5 });
  return (
    <section className="card event-detail" data-testid="event-detail" aria-label="Stored call">
      <div className="page-head">
        <h2>
          Call <code>{requestId}</code>
        </h2>
        <button type="button" onClick={() => updateQuery({ event: undefined })} data-testid="event-close">
          Close
        </button>
      </div>
      <StateView state={page} label="the stored call">
        {(p) =>
          p.events.length === 0 ? (
            <p className="state empty">
              No stored call of {model} has this request id (raw events are kept for the retention period).
            </p>
          ) : (
            p.events.map((e) => (
              <div key={`${e.requestId}-${e.timestamp}`}>
                <dl className="facts">
                  <dt>Time</dt>
                  <dd>
                    <Time value={e.timestamp} />
                  </dd>
                  <dt>Endpoint</dt>
                  <dd>{e.endpoint ?? '—'}</dd>
                  <dt>Status</dt>
                  <dd>
                    {e.status}
                    {typeof e.event.errorType === 'string' ? ` (${e.event.errorType})` : ''}
                  </dd>
                  <dt>Latency</dt>
                  <dd>{formatMs(typeof e.event.latencyMs === 'number' ? e.event.latencyMs : null)}</dd>
                  <dt>Cost</dt>
                  <dd>{formatUsd(typeof e.event.costUsd === 'number' ? e.event.costUsd : null)}</dd>
                </dl>
                <pre data-testid="event-json">{JSON.stringify(e.event, null, 2)}</pre>
              </div>
            ))
          )
        }
      </StateView>
    </section>
  );
}
