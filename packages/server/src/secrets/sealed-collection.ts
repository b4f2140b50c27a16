import type { DocumentCollection } from '../storage/index.js';
import type { SecretBox } from './secret-box.js';

/** Which string fields of a document are secrets: paths of keys, `*` for every value of a record. */
export type SecretPaths<T> = (doc: T) => ReadonlyArray<readonly string[]>;

function mapPath(obj: unknown, path: readonly string[], fn: (v: string) => string): unknown {
  if (obj === null || typeof obj !== 'object') return obj;
  const [head, ...rest] = path;
  const src = obj as Record<string, unknown>;
  const keys = head === '*' ? Object.keys(src) : head! in src ? [head!] : [];
  if (keys.length === 0) return obj;
  const out: Record<string, unknown> = Array.isArray(obj)
    ? ([...obj] as unknown as Record<string, unknown>)
    : { ...src };
  for (const k of keys)
    out[k] =
      rest.length === 0 ? (typeof src[k] === 'string' ? fn(src[k] as string) : src[k]) : mapPath(src[k], rest, fn);
  return out;
}

/** Applies `fn` to every secret field of a document. */
export function mapSecrets<T>(doc: T, paths: SecretPaths<T>, fn: (v: string) => string): T {
  let out: unknown = doc;
  for (const p of paths(doc)) out = mapPath(out, p, fn);
  return out as T;
}

/**
 * A document collection whose secret fields are encrypted in the store and plain for its callers.
 * @example const channels = sealCollection(store.alerting.channels, box, channelSecretPaths);
 */
export function sealCollection<T extends { id: string }>(
  inner: DocumentCollection<T>,
  box: SecretBox,
  paths: SecretPaths<T>,
): DocumentCollection<T> & { sealAll(now: number): Promise<number> } {
  const open = (d: T) => mapSecrets(d, paths, (v) => box.open(v));
  return {
    list: async () => (await inner.list()).map(open),
    get: async (id) => {
      const d = await inner.get(id);
      return d ? open(d) : null;
    },
    put: (doc, now) =>
      inner.put(
        mapSecrets(doc, paths, (v) => box.seal(v)),
        now,
      ),
    delete: (id) => inner.delete(id),
    /** Seals documents stored before encryption; returns how many changed. */
    async sealAll(now) {
      let n = 0;
      for (const raw of await inner.list()) {
        let isPlain = false;
        mapSecrets(raw, paths, (v) => {
          if (!box.isSealed(v)) isPlain = true;
          return v;
        });
        if (!isPlain) continue;
        await inner.put(
          mapSecrets(raw, paths, (v) => box.seal(v)),
          now,
        );
        n++;
      }
      return n;
    },
  };
}
