import { Link, useLocation } from '../routing/router.js';
import { modelHealthHref, type ModelHealthTab } from '../routing/model-health-path.js';

const TABS: Array<{ tab: ModelHealthTab | 'health'; label: string }> = [
  { tab: 'health', label: 'API health' },
  { tab: 'drift', label: 'Drift' },
  { tab: 'quality', label: 'Data quality' },
  { tab: 'performance', label: 'Performance' },
];

/** Links between a model's pages; the time range in the URL goes along. */
export function ModelTabs({ model, active }: { model: string; active: ModelHealthTab | 'health' }) {
  const { query } = useLocation();
  const keep = new URLSearchParams();
  for (const k of ['range', 'from', 'to']) {
    const v = query.get(k);
    if (v !== null) keep.set(k, v);
  }
  const qs = keep.toString() ? `?${keep}` : '';
  return (
    <nav className="model-tabs" aria-label="Model pages" data-testid="model-tabs">
      {TABS.map((t) => (
        <Link
          key={t.tab}
          href={modelHealthHref(model, t.tab, qs)}
          aria-current={t.tab === active ? 'page' : undefined}
          data-testid={`tab-${t.tab}`}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
