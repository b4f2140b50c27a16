import type { GenAiClientSummary } from '@vigil/protocol';
import { useApi } from '../../api/use-api.js';
import { formatCount, formatMs, NONE } from '../../format/format-value.js';

const seconds = (v: number | null) => (v === null ? NONE : formatMs(v * 1000));

/**
 * "Client-reported (OpenTelemetry GenAI metrics)": per service and LLM, what the application's GenAI
 * instrumentation counted over the range (tokens in and out, calls, errors, mean and p95 duration). Nothing when
 * none was sent. Beside Vigil's own per-call figures, not merged with them: these are the client's aggregates.
 */
export function GenAiClientPanel(props: { model?: string; from: string; to: string }) {
  const state = useApi<GenAiClientSummary>('/api/v1/infra/genai', {
    ...(props.model !== undefined && { model: props.model }),
    from: props.from,
    to: props.to,
  });
  if (state.status !== 'ok' || state.data.rows.length === 0) return null;
  const { rows, quantiles } = state.data;
  // The model-server histograms (gen_ai.server.*) only when some service sent them.
  const hasServer = rows.some((r) => r.serverRequests !== null || r.ttftP95 !== null);
  return (
    <section className="card" data-testid="genai-client-panel">
      <h2>Client-reported (OpenTelemetry GenAI metrics)</h2>
      <table className="data-table responsive" data-testid="genai-client-rows">
        <thead>
          <tr>
            {props.model === undefined && <th>Model</th>}
            <th>Service</th>
            <th>LLM</th>
            <th>Tokens in</th>
            <th>Tokens out</th>
            <th>Calls</th>
            <th>Errors</th>
            <th>Mean</th>
            <th title={quantiles}>p95*</th>
            {hasServer && <th title={quantiles}>Server p95*</th>}
            {hasServer && <th title={quantiles}>Time to first token p95*</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.resource} data-testid="genai-client-row" data-llm={r.llm}>
              {props.model === undefined && <td data-label="Model">{r.model ?? NONE}</td>}
              <td data-label="Service">{r.service ?? NONE}</td>
              <td data-label="LLM">
                {r.llm}
                {r.provider && <span className="muted small"> ({r.provider})</span>}
              </td>
              <td data-label="Tokens in">{formatCount(r.inputTokens)}</td>
              <td data-label="Tokens out">{formatCount(r.outputTokens)}</td>
              <td data-label="Calls">{formatCount(r.calls)}</td>
              <td data-label="Errors">{formatCount(r.errors)}</td>
              <td data-label="Mean">{seconds(r.durationMean)}</td>
              <td data-label="p95">{seconds(r.durationP95)}</td>
              {hasServer && <td data-label="Server p95">{seconds(r.serverDurationP95)}</td>}
              {hasServer && <td data-label="Time to first token p95">{seconds(r.ttftP95)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        Aggregates the application's instrumentation sent to /v1/metrics (gen_ai.client.token.usage,
        gen_ai.client.operation.duration, gen_ai.server.*), not Vigil's per-call events. *{quantiles}
      </p>
    </section>
  );
}
