import { ModelTabs } from '../../components/ModelTabs.js';
import { RangePicker } from '../../components/RangePicker.js';
import type { ModelHealthTab } from '../../routing/model-health-path.js';
import { useLocation } from '../../routing/router.js';
import { parseRangeQuery } from '../../routing/time-range.js';
import { DriftPage } from './DriftPage.js';
import { PerformancePage } from './PerformancePage.js';
import { QualityPage } from './QualityPage.js';
import './model-health.css';

/** `/models/:model/drift|quality|performance?range=…&from=…&to=…`: a model's health read from its hourly profiles. */
export function ModelHealthPage({ model, tab }: { model: string; tab: ModelHealthTab }) {
  const { query } = useLocation();
  const spec = parseRangeQuery(query, tab === 'performance' ? '30d' : '24h');
  return (
    <section className="page" data-testid={`${tab}-page`}>
      <div className="page-head">
        <h1>{model}</h1>
        <RangePicker spec={spec} />
      </div>
      <ModelTabs model={model} active={tab} />
      {tab === 'drift' && <DriftPage model={model} spec={spec} />}
      {tab === 'quality' && <QualityPage model={model} spec={spec} />}
      {tab === 'performance' && <PerformancePage model={model} spec={spec} />}
    </section>
  );
}
