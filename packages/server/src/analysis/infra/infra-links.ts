import type { InfraLink } from '@vigil/protocol';

/** What a link can match on: a resource's identifying attributes. */
export interface LinkableResource {
  service: string | null;
  host: string | null;
  namespace: string | null;
  pod: string | null;
  container: string | null;
  /** A `vigil.model` attribute or label sent with the metrics. */
  model: string | null;
}

const matches = (pattern: string, value: string | null): boolean =>
  value !== null && (pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : value === pattern);

/**
 * The model a resource serves: its own `vigil.model` attribute, else the first link whose every given attribute
 * matches (a trailing `*` matches any suffix, for pods named after their deployment), else a known model named
 * like its service.name. Null when none applies.
 * @example linkedModel({ service: null, host: 'gpu-1', … , model: null }, [{ match: { host: 'gpu-*' }, model: 'vision' }], new Set())
 */
export function linkedModel(
  r: LinkableResource,
  links: readonly InfraLink[],
  knownModels: ReadonlySet<string>,
): string | null {
  if (r.model !== null) return r.model;
  for (const link of links) {
    const entries = Object.entries(link.match) as Array<[keyof InfraLink['match'], string]>;
    if (entries.length > 0 && entries.every(([field, pattern]) => matches(pattern, r[field]))) return link.model;
  }
  return r.service !== null && knownModels.has(r.service) ? r.service : null;
}
