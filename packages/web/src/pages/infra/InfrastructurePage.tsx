import { useMemo, useState } from 'react';
import type { InfraResource, InfraResourceList, InfraTimeseriesResult, TimeseriesResult } from '@vigil/protocol';
import { useApi } from '../../api/use-api.js';
import { ChartCard } from '../../charts/ChartCard.js';
import { linesOf, type ChartLine } from '../../charts/chart-data.js';
import { RangePicker } from '../../components/RangePicker.js';
import { StateView } from '../../components/StateView.js';
import { formatCount, formatMs, formatPercent, formatStep, NONE } from '../../format/format-value.js';
import { Link, useLocation } from '../../routing/router.js';
import { parseRangeQuery, resolveRange } from '../../routing/time-range.js';
import { usePermissions } from '../settings/SettingsNav.js';
import { draftFor, InfraLinksEditor } from './InfraLinksEditor.js';
import { GenAiClientPanel } from './GenAiClientPanel.js';

const METRICS = 'cpu.utilization,memory.usage,filesystem.usage,disk.io,network.io,restarts';

/** Bytes in binary units: 5e9 → "4.66 GiB". */
function formatBytes(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return NONE;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let x = Math.abs(v);
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${(Math.sign(v) * x).toFixed(i === 0 ? 0 : 2)} ${units[i]}`;
}
/** Restart counts; the axis may place ticks between whole numbers, so those keep a decimal. */
const formatRestarts = (v: number | null) =>
  v === null || !Number.isFinite(v) ? NONE : Number.isInteger(v) ? formatCount(v) : v.toFixed(1);
const formatBytesPerSecond = (v: number | null) => (v === null ? NONE : `${formatBytes(v)}/s`);

/** The name a resource goes by within its group: pod/container, else host. */
const resourceLabel = (r: InfraResource) =>
  [r.pod, r.container].filter(Boolean).join('/') || r.host || r.service || r.key;
const groupOf = (r: InfraResource) => r.service ?? r.host ?? r.pod ?? r.key;

/** `/infra?range=…`: CPU, memory, disk, network and restarts per service and host, beside the linked model. */
export function InfrastructurePage() {
  const { query } = useLocation();
  const spec = parseRangeQuery(query, '24h');
  const specKey = JSON.stringify(spec);
  const span = useMemo(() => resolveRange(spec, Date.now()), [specKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const from = new Date(span.from).toISOString();
  const to = new Date(span.to).toISOString();
  const canLink = usePermissions().includes('infra.manage');
  const [linksChanged, setLinksChanged] = useState(0);
  const [seed, setSeed] = useState<ReturnType<typeof draftFor> | null>(null);
  // GenAI client metrics are resources per service and LLM, shown in their own panel, not as hosts.
  const resources = useApi<InfraResourceList>('/api/v1/infra/resources', { since: from, kind: 'infra' }, linksChanged);
  const ts = useApi<InfraTimeseriesResult>('/api/v1/infra/timeseries', { metric: METRICS, from, to });

  const groups = useMemo(() => {
    if (resources.status !== 'ok') return [];
    const map = new Map<string, InfraResource[]>();
    for (const r of resources.data.resources) map.set(groupOf(r), [...(map.get(groupOf(r)) ?? []), r]);
    return [...map].sort(([a], [b]) => a.localeCompare(b));
  }, [resources]);

  return (
    <section className="page" data-testid="infra-page">
      <div className="page-head">
        <h1>Infrastructure</h1>
        <RangePicker spec={spec} />
      </div>
      <StateView state={resources} label="infrastructure resources">
        {(data) =>
          data.resources.length === 0 ? (
            <p className="state empty">
              No host or container metrics in this range. Send the OpenTelemetry Collector's hostmetrics or kubeletstats
              receivers to /v1/metrics, or Prometheus remote-write to /api/v1/write.
            </p>
          ) : (
            <>
              <table className="data-table responsive" data-testid="infra-resources">
                <thead>
                  <tr>
                    <th>Service</th>
                    <th>Host</th>
                    <th>Pod / container</th>
                    <th>Model</th>
                    <th>Metrics</th>
                  </tr>
                </thead>
                <tbody>
                  {data.resources.map((r) => (
                    <tr key={r.key} data-testid="infra-resource-row">
                      <td data-label="Service">{r.service ?? NONE}</td>
                      <td data-label="Host">{r.host ?? NONE}</td>
                      <td data-label="Pod / container">{[r.pod, r.container].filter(Boolean).join(' / ') || NONE}</td>
                      <td data-label="Model">
                        {r.model ? (
                          <Link className="chip" href={`/models/${encodeURIComponent(r.model)}`}>
                            {r.model}
                          </Link>
                        ) : !canLink ? (
                          NONE
                        ) : (
                          <button
                            type="button"
                            className="link-button"
                            onClick={() => setSeed(draftFor(r))}
                            data-testid="infra-link-resource"
                          >
                            Link to a model…
                          </button>
                        )}
                      </td>
                      <td data-label="Metrics" className="muted small">
                        {r.metrics.join(', ')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <StateView state={ts} label="infrastructure metrics">
                {(series) => (
                  <>
                    {groups.map(([group, members]) => (
                      <InfraGroup key={group} group={group} members={members} series={series} from={from} to={to} />
                    ))}
                  </>
                )}
              </StateView>
            </>
          )
        }
      </StateView>
      <GenAiClientPanel from={from} to={to} />
      <InfraLinksEditor
        seed={seed}
        onChanged={() => {
          setSeed(null);
          setLinksChanged((n) => n + 1);
        }}
      />
    </section>
  );
}

function InfraGroup(props: {
  group: string;
  members: InfraResource[];
  series: InfraTimeseriesResult;
  from: string;
  to: string;
}) {
  const { members, series } = props;
  const model = members.find((m) => m.model)?.model ?? null;
  const lines = (metric: string): ChartLine[] =>
    series.series
      .filter((s) => s.metric === metric && members.some((m) => m.key === s.resource))
      .map((s) => ({ label: resourceLabel(members.find((m) => m.key === s.resource)!), points: s.points }));
  const step = `per ${formatStep(series.step)}`;
  const charts: Array<[string, string, (v: number | null) => string]> = [
    ['CPU utilization', 'cpu.utilization', formatPercent],
    ['Memory used', 'memory.usage', formatBytes],
    ['Filesystem used', 'filesystem.usage', formatBytes],
    ['Disk I/O', 'disk.io', formatBytesPerSecond],
    ['Network I/O', 'network.io', formatBytesPerSecond],
    ['Restarts', 'restarts', formatRestarts],
  ];
  return (
    <section className="card" data-testid="infra-group" data-group={props.group}>
      <h2>
        {props.group} <span className="muted small">{members.length} resource(s)</span>
      </h2>
      <div className="chart-grid">
        {model && <ModelCharts model={model} from={props.from} to={props.to} />}
        {charts
          .filter(([, metric]) => lines(metric).length > 0)
          .map(([title, metric, format]) => (
            <ChartCard
              key={metric}
              title={title}
              note={step}
              testId={`chart-infra-${metric}`}
              lines={lines(metric)}
              format={format}
            />
          ))}
      </div>
    </section>
  );
}

/** The linked model's latency p95 and error rate over the same range, from the API-health rollups. */
function ModelCharts(props: { model: string; from: string; to: string }) {
  const ts = useApi<TimeseriesResult>('/api/v1/metrics/timeseries', {
    model: props.model,
    metric: 'latency.p95,errorRate',
    from: props.from,
    to: props.to,
  });
  if (ts.status !== 'ok') return null;
  const step = `per ${formatStep(ts.data.step)}`;
  const label = () => props.model;
  return (
    <>
      <ChartCard
        title={`${props.model}: p95 latency`}
        note={step}
        testId="chart-infra-model-p95"
        lines={linesOf(ts.data.series, 'latency.p95', label)}
        format={formatMs}
      />
      <ChartCard
        title={`${props.model}: error rate`}
        note={step}
        testId="chart-infra-model-errors"
        lines={linesOf(ts.data.series, 'errorRate', label)}
        format={formatPercent}
      />
    </>
  );
}
