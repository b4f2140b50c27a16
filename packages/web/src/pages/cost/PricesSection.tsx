import type { PriceVersion } from '../../api/cost-api.js';
import { useApi } from '../../api/use-api.js';
import { StateView } from '../../components/StateView.js';
import { formatPerMTok, formatUtc } from './cost-format.js';

interface PricesResult {
  current: PriceVersion[];
  versions: PriceVersion[];
}

/** The LLM price table (GET /api/v1/cost/prices): the version in force per model, and every version (append-only). */
export function PricesSection() {
  const prices = useApi<PricesResult>('/api/v1/cost/prices');
  return (
    <section className="cost-section" data-testid="cost-prices">
      <h2>LLM price table</h2>
      <StateView state={prices} label="the price table">
        {(p) =>
          p.versions.length === 0 ? (
            <p className="state empty" data-testid="cost-prices-empty">No LLM prices yet. Add them with PUT /api/v1/cost/prices; each change becomes a new version.</p>
          ) : (
            <>
              <h3>In force now</h3>
              <PriceTable rows={p.current} testId="cost-price-current" />
              <h3>All versions</h3>
              <PriceTable rows={[...p.versions].reverse()} testId="cost-price-version" showAudit />
              <p className="small muted">
                Versions are never edited: a price change appends the next version. Estimates (GET /api/v1/cost/estimate) name the version applied to each
                rollup cell.
              </p>
            </>
          )
        }
      </StateView>
    </section>
  );
}

function PriceTable({ rows, testId, showAudit = false }: { rows: PriceVersion[]; testId: string; showAudit?: boolean }) {
  return (
    <table className="data-table responsive cost-table" data-testid={`${testId}s`}>
      <thead>
        <tr>
          <th className="num">Version</th>
          <th>Provider</th>
          <th>Model</th>
          <th className="num">Input</th>
          <th className="num">Output</th>
          <th>Valid from</th>
          {showAudit && <th>Added</th>}
          {showAudit && <th>Note</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((v) => (
          <tr key={v.version} data-testid={`${testId}-row`} data-version={v.version}>
            <td data-label="Version" className="num">v{v.version}</td>
            <td data-label="Provider">{v.provider}</td>
            <td data-label="Model"><code>{v.model}</code></td>
            <td data-label="Input" className="num" data-testid="price-input">{formatPerMTok(v.inputPerMTok)}</td>
            <td data-label="Output" className="num" data-testid="price-output">{formatPerMTok(v.outputPerMTok)}</td>
            <td data-label="Valid from">{formatUtc(v.validFrom)}</td>
            {showAudit && <td data-label="Added" className="small">{formatUtc(v.createdAt)}{v.apiKeyName ? ` by ${v.apiKeyName}` : ''}</td>}
            {showAudit && <td data-label="Note" className="small">{v.note ?? ''}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
