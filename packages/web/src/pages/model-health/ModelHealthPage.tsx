import type { ModelList } from '@vigil/protocol';
import { useApi } from '../../api/use-api.js';
import { ModelTabs } from '../../components/ModelTabs.js';
import { RangePicker } from '../../components/RangePicker.js';
import type { ModelHealthTab } from '../../routing/model-health-path.js';
import { updateQuery, useLocation } from '../../routing/router.js';
import { parseRangeQuery } from '../../routing/time-range.js';
import { DriftPage } from './DriftPage.js';
import { PerformancePage } from './PerformancePage.js';
import { QualityPage } from './QualityPage.js';
import './model-health.css';

/**
 * `/models/:model/drift|quality|performance?range=…&from=…&to=…&endpoint=…`: a model's health read from its
 * hourly profiles, for all its endpoints or one.
 */
export function ModelHealthPage({ model, tab }: { model: string; tab: ModelHealthTab }) {
  const { query } = useLocation();
  const spec = parseRangeQuery(query, tab === 'performance' ? '30d' : '24h');
  const endpoint = query.get('endpoint') ?? undefined;
  const list = useApi<ModelList>('/api/v1/models', { window: '1h' });
  const endpoints = list.status === 'ok' ? (list.data.models.find((m) => m.model === model)?.endpoints ?? []) : [];
  if (endpoint && !endpoints.includes(endpoint)) endpoints.unshift(endpoint);
  return (
    <section className="page" data-testid={`${tab}-page`}>
      <div className="page-head">
        <h1>{model}</h1>
        <RangePicker spec={spec} />
      </div>
      <ModelTabs model={model} active={tab} />
      <div className="filters">
        <label className="endpoint-filter" title="Profiles are kept per endpoint: read one endpoint's calls only">
          Endpoint{' '}
          <select
            value={endpoint ?? ''}
            onChange={(e) => updateQuery({ endpoint: e.target.value || undefined })}
            data-testid="health-endpoint-filter"
          >
            <option value="">All endpoints</option>
            {endpoints.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </label>
      </div>
      {tab === 'drift' && <DriftPage model={model} spec={spec} endpoint={endpoint} />}
      {tab === 'quality' && <QualityPage model={model} spec={spec} endpoint={endpoint} />}
      {tab === 'performance' && <PerformancePage model={model} spec={spec} endpoint={endpoint} />}
    </section>
  );
}
