import { useMemo } from 'react';
import type { PerformanceResult } from '@vigil/protocol';
import { useApi } from '../../api/use-api.js';
import { MetricChart } from '../../charts/MetricChart.js';
import type { ChartLine } from '../../charts/chart-data.js';
import { StateView } from '../../components/StateView.js';
import { StatTile } from '../../components/StatTile.js';
import { formatCount, formatMs, formatStep, formatUsd } from '../../format/format-value.js';
import { formatMetric, formatShare } from '../../format/model-health-format.js';
import type { RangeSpec } from '../../routing/time-range.js';
import { useWindow } from './use-window.js';

/** Realised accuracy (or regression error) by prediction time, label coverage, the CBPE estimate, prediction mix and LLM signals. */
export function PerformancePage({ model, spec, endpoint }: { model: string; spec: RangeSpec; endpoint?: string }) {
  const w = useWindow(spec);
  const perf = useApi<PerformanceResult>(`/api/v1/models/${encodeURIComponent(model)}/performance`, {
    from: w.from,
    to: w.to,
    endpoint,
  });
  return (
    <StateView state={perf} label="performance">
      {(p) => <PerformanceBody p={p} />}
    </StateView>
  );
}

const line = (
  label: string,
  p: PerformanceResult,
  pick: (x: PerformanceResult['points'][number]) => number | null,
): ChartLine => ({
  label,
  points: p.points.map((x) => [x.start, pick(x)]),
});

function PerformanceBody({ p }: { p: PerformanceResult }) {
  const t = p.total;
  const charts = useMemo(() => {
    const classes = [...new Set(p.points.flatMap((x) => Object.keys(x.predictionMix)))].sort();
    return {
      accuracy: [
        line('accuracy (realised)', p, (x) => x.accuracy),
        line('accuracy (CBPE estimate)', p, (x) => x.estimated?.expectedAccuracy ?? null),
      ],
      f1: [
        line('macro F1', p, (x) => x.macroF1),
        line('F1 (CBPE estimate, binary)', p, (x) => x.estimated?.expectedF1 ?? null),
      ],
      coverage: [line('label coverage', p, (x) => x.labelCoverage)],
      error: [line('MAE', p, (x) => x.mae), line('RMSE', p, (x) => x.rmse)],
      mix: classes.map((c) => line(c, p, (x) => (x.predictions > 0 ? (x.predictionMix[c] ?? 0) : null))),
      predictionQuantiles: [
        line('p50', p, (x) => x.predictionDistribution?.p50 ?? null),
        line('p90', p, (x) => x.predictionDistribution?.p90 ?? null),
      ],
      ttft: [
        line('TTFT p50', p, (x) => x.llm?.ttftMs?.p50 ?? null),
        line('TTFT p95', p, (x) => x.llm?.ttftMs?.p95 ?? null),
      ],
      refusal: [
        line('refusal rate', p, (x) => x.llm?.refusalRate ?? null),
        line('empty answers', p, (x) => x.llm?.emptyAnswerRate ?? null),
      ],
      tokens: [
        line('output tokens p50', p, (x) => x.llm?.outputTokens?.p50 ?? null),
        line('input tokens p50', p, (x) => x.llm?.inputTokens?.p50 ?? null),
      ],
    };
  }, [p]);
  const per = `per ${formatStep(p.step)}, by prediction time`;
  const hasPredictions = t.predictions > 0 || t.labels > 0 || p.kind !== 'none';
  const c = t.classification;
  const r = t.regression;
  return (
    <>
      <div className="tiles" data-testid="performance-tiles">
        <StatTile label="Calls" value={formatCount(t.calls)} testId="tile-calls" />
        {/* An LLM's calls carry no prediction to score: say so instead of "Predictions 0". */}
        {hasPredictions ? (
          <>
            <StatTile label="Predictions" value={formatCount(t.predictions)} testId="tile-predictions" />
            <StatTile label="Labels" value={formatCount(t.labels)} testId="tile-labels" />
            <StatTile label="Label coverage" value={formatShare(t.labelCoverage)} testId="tile-coverage" />
            <StatTile
              label="Labels matching no prediction"
              value={
                p.labelJoin.received === 0
                  ? '—'
                  : `${formatShare(p.labelJoin.unmatchedShare)} (${formatCount(p.labelJoin.unmatched)} of ${formatCount(p.labelJoin.received)})`
              }
              testId="tile-unmatched-labels"
            />
          </>
        ) : (
          <StatTile label="Predictions sent" value="none (LLM calls)" testId="tile-predictions" />
        )}
        {p.kind === 'classification' && (
          <>
            <StatTile label="Accuracy" value={formatShare(c?.accuracy ?? null)} testId="tile-accuracy" />
            <StatTile
              label="Estimated accuracy (CBPE)"
              value={formatShare(t.estimated?.expectedAccuracy ?? null)}
              testId="tile-estimated"
            />
            <StatTile label="Macro F1" value={formatMetric(c?.macroF1 ?? null)} testId="tile-f1" />
            <StatTile label="ROC AUC" value={formatMetric(c?.rocAuc ?? null)} testId="tile-auc" />
            <StatTile label="Log loss" value={formatMetric(c?.logLoss ?? null)} testId="tile-logloss" />
          </>
        )}
        {p.kind === 'regression' && (
          <>
            <StatTile label="MAE" value={formatMetric(r?.mae ?? null)} testId="tile-mae" />
            <StatTile label="RMSE" value={formatMetric(r?.rmse ?? null)} testId="tile-rmse" />
            <StatTile label="MAPE" value={formatShare(r?.mape ?? null)} testId="tile-mape" />
            <StatTile label="R²" value={formatMetric(r?.r2 ?? null)} testId="tile-r2" />
          </>
        )}
        {t.llm && (
          <>
            <StatTile label="Refusal rate" value={formatShare(t.llm.refusalRate)} testId="tile-refusal" />
            <StatTile label="TTFT p95" value={formatMs(t.llm.ttftMs?.p95 ?? null)} testId="tile-ttft" />
            <StatTile
              label="Cost / call (mean)"
              value={formatUsd(t.llm.costUsd?.mean ?? null)}
              testId="tile-llm-cost"
            />
          </>
        )}
      </div>
      {p.kind === 'classification' && (
        <p className="muted small note">
          The estimate (CBPE) is the mean probability of the predicted class: available before labels arrive, exact only
          for a calibrated model. Realised accuracy counts predictions whose labels have arrived; coverage says how
          many.
        </p>
      )}
      {p.labelJoin.unmatched > 0 && (
        <p className="muted small note" data-testid="unmatched-labels-note">
          {formatCount(p.labelJoin.unmatched)} of the {formatCount(p.labelJoin.received)} labels sent for this window
          matched no stored prediction of “{p.model}” (wrong model or requestId, or sent before the prediction): they
          are kept but score nothing, unless their prediction is stored within 7 days of the label — then it joins and
          scores at the prediction&apos;s time
          {p.labelJoin.joinedLate > 0 && ` (${formatCount(p.labelJoin.joinedLate)} labels of this window joined so)`}.
          POST /api/v1/labels lists them in its answer.
        </p>
      )}
      <div className="chart-grid">
        {p.kind === 'classification' && (
          <>
            <MetricChart
              title="Accuracy"
              note={per}
              testId="chart-accuracy"
              lines={charts.accuracy}
              format={formatShare}
            />
            <MetricChart title="F1" note={per} testId="chart-f1" lines={charts.f1} format={formatMetric} />
          </>
        )}
        {p.kind === 'regression' && (
          <MetricChart title="Error" note={per} testId="chart-error" lines={charts.error} format={formatMetric} />
        )}
        {p.kind !== 'none' && (
          <MetricChart
            title="Label coverage"
            note="labels / predictions"
            testId="chart-coverage"
            lines={charts.coverage}
            format={formatShare}
          />
        )}
        {charts.mix.length > 0 && (
          <MetricChart
            title="Prediction distribution"
            note={`share of each predicted class ${per}`}
            testId="chart-prediction-mix"
            lines={charts.mix}
            format={formatShare}
          />
        )}
        {charts.mix.length === 0 && t.predictionDistribution && (
          <MetricChart
            title="Prediction distribution"
            note={`quantiles ${per}`}
            testId="chart-prediction-quantiles"
            lines={charts.predictionQuantiles}
            format={formatMetric}
          />
        )}
        {t.llm && (
          <>
            <MetricChart
              title="Time to first token"
              note={per}
              testId="chart-ttft"
              lines={charts.ttft}
              format={formatMs}
            />
            <MetricChart
              title="Refusals and empty answers"
              note={per}
              testId="chart-refusals"
              lines={charts.refusal}
              format={formatShare}
            />
            <MetricChart
              title="Tokens"
              note={per}
              testId="chart-llm-tokens"
              lines={charts.tokens}
              format={formatCount}
            />
          </>
        )}
      </div>
      {c && c.confusionMatrix.labels.length > 0 && (
        <>
          <h2 className="section-title">Confusion matrix (whole range)</h2>
          <table className="data-table confusion" data-testid="confusion-matrix">
            <thead>
              <tr>
                <th>truth \ predicted</th>
                {c.confusionMatrix.labels.map((l) => (
                  <th key={l} className="num">
                    {l}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {c.confusionMatrix.matrix.map((row, i) => (
                <tr key={i}>
                  <th>{c.confusionMatrix.labels[i]}</th>
                  {row.map((n, j) => (
                    <td key={j} className={`num${i === j ? ' diag' : ''}`}>
                      {formatCount(n)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {t.llm && Object.keys(t.llm.finishReasons).length > 0 && (
        <>
          <h2 className="section-title">Finish reasons</h2>
          <table className="data-table" data-testid="finish-reasons">
            <tbody>
              {Object.entries(t.llm.finishReasons).map(([reason, share]) => (
                <tr key={reason}>
                  <td>{reason}</td>
                  <td className="num">{formatShare(share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
