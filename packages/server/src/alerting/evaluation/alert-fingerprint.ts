/** Alert labels: name → value. */
export type Labels = Readonly<Record<string, string>>;

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;
const SEPARATOR = 0xff;
const encoder = new TextEncoder();

/**
 * Stable alert fingerprint: FNV-1a 64 over label names sorted, each name and value followed by byte 0xff,
 * as 16 hex digits. This is Prometheus' `LabelSet.Fingerprint`, so equal labels give the id Alertmanager
 * would show.
 * @example fingerprintLabels({ alertname: 'HighLatency', model: 'fraud-v3' }) // 16 hex digits, same every run
 */
export function fingerprintLabels(labels: Labels): string {
  const names = Object.keys(labels).sort();
  let hash = FNV_OFFSET;
  const add = (bytes: Uint8Array) => {
    for (const byte of bytes) hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK_64;
    hash = ((hash ^ BigInt(SEPARATOR)) * FNV_PRIME) & MASK_64;
  };
  for (const name of names) {
    add(encoder.encode(name));
    add(encoder.encode(labels[name]));
  }
  return hash.toString(16).padStart(16, '0');
}
