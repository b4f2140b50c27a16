import { useState, type FormEvent } from 'react';
import type { RoiInputsAnswer, RoiResponse } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { useApi } from '../../api/use-api.js';
import { StatTile } from '../../components/StatTile.js';
import { formatUsd } from '../../format/format-value.js';
import { GovernanceNav } from './GovernanceNav.js';
import '../../components/alerting/alerting.css';
import './governance.css';

interface RoiForm {
  name: string;
  licensing: string;
  running: string;
  implementation: string;
  training: string;
  incidentPrevention: string;
  fasterResolution: string;
  complianceAvoided: string;
  retention: string;
  statedNetBenefit: string;
  statedRoiPercent: string;
  statedPaybackMonths: string;
}

/** The deck's slide-5 scenario (low end), the calculator's starting point. */
const DECK: RoiForm = {
  name: 'Deck, slide 5 (low end)',
  licensing: '$120K',
  running: '0',
  implementation: '$50K',
  training: '$20K',
  incidentPrevention: '$300K',
  fasterResolution: '$150K',
  complianceAvoided: '$500K',
  retention: '$200K',
  statedNetBenefit: '$960K',
  statedRoiPercent: '400',
  statedPaybackMonths: '3',
};

/** The POST /api/v1/roi/calculate body of the form: amounts as typed ("$120K", "1.15M", "50,000"). */
function bodyOf(f: RoiForm): Record<string, unknown> {
  const amount = (v: string) => (v.trim() === '' ? undefined : v.trim());
  const stated: Record<string, unknown> = {};
  if (f.statedNetBenefit.trim()) stated.netBenefit = f.statedNetBenefit.trim();
  if (f.statedRoiPercent.trim()) stated.roiPercent = Number(f.statedRoiPercent);
  if (f.statedPaybackMonths.trim()) stated.paybackMonths = Number(f.statedPaybackMonths);
  const clean = (o: Record<string, string | undefined>) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return {
    name: f.name.trim() || 'scenario',
    annualCosts: clean({ licensing: amount(f.licensing), running: amount(f.running) }),
    oneTimeCosts: clean({ implementation: amount(f.implementation), training: amount(f.training) }),
    benefits: clean({
      incidentPrevention: amount(f.incidentPrevention),
      fasterResolution: amount(f.fasterResolution),
      complianceAvoided: amount(f.complianceAvoided),
      retention: amount(f.retention),
    }),
    ...(Object.keys(stated).length ? { stated } : {}),
  };
}

const FIELDS: Array<{ key: keyof RoiForm; label: string; group: string }> = [
  { key: 'licensing', label: 'Licensing, per year', group: 'Costs' },
  { key: 'running', label: 'Running (hosting, people), per year', group: 'Costs' },
  { key: 'implementation', label: 'Implementation, once', group: 'Costs' },
  { key: 'training', label: 'Training, once', group: 'Costs' },
  { key: 'incidentPrevention', label: 'Incidents prevented, per year', group: 'Benefits' },
  { key: 'fasterResolution', label: 'Faster resolution (MTTR), per year', group: 'Benefits' },
  { key: 'complianceAvoided', label: 'Compliance exposure avoided, per year', group: 'Benefits' },
  { key: 'retention', label: 'Customer retention, per year', group: 'Benefits' },
  { key: 'statedNetBenefit', label: 'Net benefit', group: 'Figures to check (optional)' },
  { key: 'statedRoiPercent', label: 'ROI %', group: 'Figures to check (optional)' },
  { key: 'statedPaybackMonths', label: 'Payback, months', group: 'Figures to check (optional)' },
];

/**
 * `/roi`: the ROI calculator (POST /api/v1/roi/calculate) with its arithmetic step by step and the stated
 * figures it checks; "Use in the executive report" stores the scenario as the report's calculator input.
 */
export function RoiPage() {
  const [f, setF] = useState<RoiForm>(DECK);
  const [result, setResult] = useState<RoiResponse | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const stored = useApi<RoiInputsAnswer>('/api/v1/report/roi-inputs');
  const calculate = async (e?: FormEvent) => {
    e?.preventDefault();
    setMessage(null);
    try {
      setResult(await sendApi('POST', '/api/v1/roi/calculate', bodyOf(f)));
    } catch (err) {
      setResult(null);
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
    }
  };
  const useInReport = async () => {
    const current = stored.status === 'ok' ? ((stored.data.inputs ?? {}) as Record<string, unknown>) : {};
    try {
      await sendApi('PUT', '/api/v1/report/roi-inputs', { ...current, calculator: bodyOf(f) });
      setMessage({ ok: true, text: 'Stored as the executive report’s ROI calculator input.' });
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
    }
  };
  const groups = [...new Set(FIELDS.map((x) => x.group))];
  const r = result?.scenarios[0];
  return (
    <section className="page" data-testid="roi-page">
      <div className="page-head">
        <h1>ROI calculator</h1>
      </div>
      <GovernanceNav />
      <p className="muted small">
        Amounts take "$120K", "1.15M" or "50,000". Year-1 cost = annual + one-time costs; ROI = (annual benefit − year-1
        cost) ÷ year-1 cost; payback = year-1 cost ÷ monthly benefit. Every step is shown, and figures you state are
        checked against it (the deck's own are not all consistent).
      </p>
      <form className="card stack" onSubmit={calculate} data-testid="roi-form">
        <label className="field">
          <span>Scenario</span>
          <input value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />
        </label>
        {groups.map((g) => (
          <fieldset key={g} className="card">
            <legend>{g}</legend>
            <div className="roi-grid">
              {FIELDS.filter((x) => x.group === g).map((x) => (
                <label key={x.key} className="field">
                  <span>{x.label}</span>
                  <input
                    value={f[x.key]}
                    onChange={(e) => setF({ ...f, [x.key]: e.target.value })}
                    data-testid={`roi-${x.key}`}
                  />
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <div className="actions">
          <button type="submit" className="primary-button" data-testid="roi-calculate">
            Calculate
          </button>
          <button type="button" onClick={useInReport} disabled={stored.status !== 'ok'} data-testid="roi-use-in-report">
            Use in the executive report
          </button>
        </div>
      </form>
      {message && (
        <p
          className={`notice ${message.ok ? 'ok' : 'error'}`}
          role={message.ok ? 'status' : 'alert'}
          data-testid="roi-message"
        >
          {message.text}
        </p>
      )}
      {r && (
        <section className="card" data-testid="roi-result">
          <h2>{r.name}</h2>
          <div className="tiles">
            <StatTile label="Year-1 cost" value={formatUsd(r.yearOneCost)} testId="roi-year-one-cost" />
            <StatTile label="Annual benefit" value={formatUsd(r.annualBenefit)} testId="roi-benefit" />
            <StatTile label="Net benefit" value={formatUsd(r.netBenefit)} testId="roi-net" />
            <StatTile
              label="ROI"
              value={`${r.roiPercent.toLocaleString('en-US', { maximumFractionDigits: 2 })} %`}
              testId="roi-percent"
            />
            <StatTile
              label="Payback"
              value={
                r.paybackMonths === null
                  ? 'never'
                  : `${r.paybackMonths.toLocaleString('en-US', { maximumFractionDigits: 2 })} months`
              }
              testId="roi-payback"
            />
          </div>
          <h3>Steps</h3>
          <table className="data-table responsive small" data-testid="roi-steps">
            <thead>
              <tr>
                <th>Step</th>
                <th>Formula</th>
                <th>Values</th>
                <th className="num">Result</th>
              </tr>
            </thead>
            <tbody>
              {r.steps.map((s) => (
                <tr key={s.label} data-testid="roi-step">
                  <td data-label="Step">{s.label}</td>
                  <td data-label="Formula">
                    <code>{s.formula}</code>
                  </td>
                  <td data-label="Values">{s.values}</td>
                  <td data-label="Result" className="num">
                    {s.result}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.checks.length > 0 && (
            <>
              <h3>Stated figures</h3>
              <ul className="small" data-testid="roi-checks">
                {r.checks.map((c) => (
                  <li key={c.figure} className={c.isConsistent ? '' : 'error'}>
                    {c.figure}: stated {c.stated.toLocaleString('en-US')}, computed{' '}
                    {c.computed === null ? '—' : c.computed.toLocaleString('en-US', { maximumFractionDigits: 2 })} —{' '}
                    {c.isConsistent ? 'consistent' : 'does not follow from the inputs'}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </section>
  );
}
