export type ModelHealthTab = 'drift' | 'quality' | 'performance';

const TABS: readonly ModelHealthTab[] = ['drift', 'quality', 'performance'];

/** `/models/:model/drift|quality|performance` → the model and the tab, or null. */
export function matchModelHealthPath(pathname: string): { model: string; tab: ModelHealthTab } | null {
  const m = /^\/models\/([^/]+)\/(drift|quality|performance)\/?$/.exec(pathname);
  return m && (TABS as readonly string[]).includes(m[2]!)
    ? { model: decodeURIComponent(m[1]!), tab: m[2] as ModelHealthTab }
    : null;
}

export function modelHealthHref(model: string, tab: ModelHealthTab | 'health', query = ''): string {
  const base = `/models/${encodeURIComponent(model)}`;
  return `${tab === 'health' ? base : `${base}/${tab}`}${query}`;
}
