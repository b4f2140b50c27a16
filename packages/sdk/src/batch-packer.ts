/**
 * Serialises queued items at send time and packs them into request bodies that respect the server's
 * limits (at most `maxItems` per body, at most `maxBytes` per body). Each item is stringified on its
 * own, so one circular or BigInt-bearing event is set aside instead of sinking its whole batch.
 */

export interface PackedBody {
  /** `{"events":[...]}` or `{"labels":[...]}`, ready to send. */
  json: string;
  /** UTF-8 size of `json`. */
  bytes: number;
  /** The items in the body, in body order (index i of a 207 `rejected` entry is items[i]). */
  items: object[];
}

export interface PackResult {
  bodies: PackedBody[];
  /** Items JSON.stringify could not serialise (cycles, BigInt, a function…), with the reason. */
  unserialisable: Array<{ item: object; reason: string }>;
  /** Items that alone exceed maxBytes. */
  oversized: Array<{ item: object; bytes: number }>;
}

/** @example packBodies(events, 'events', 500, 5_000_000).bodies[0].json // '{"events":[{...},...]}' */
export function packBodies(
  items: readonly object[],
  envelopeKey: string,
  maxItems: number,
  maxBytes: number,
): PackResult {
  const head = `{"${envelopeKey}":[`;
  const tail = ']}';
  const envelopeBytes = head.length + tail.length;
  const result: PackResult = { bodies: [], unserialisable: [], oversized: [] };
  let parts: string[] = [];
  let partItems: object[] = [];
  let bytes = envelopeBytes;

  const close = (): void => {
    if (parts.length === 0) return;
    result.bodies.push({ json: head + parts.join(',') + tail, bytes, items: partItems });
    parts = [];
    partItems = [];
    bytes = envelopeBytes;
  };

  for (const item of items) {
    let json: string | undefined;
    try {
      json = JSON.stringify(item);
    } catch (err) {
      result.unserialisable.push({ item, reason: err instanceof Error ? err.message : String(err) });
      continue;
    }
    if (json === undefined) {
      result.unserialisable.push({ item, reason: 'JSON.stringify returned undefined' });
      continue;
    }
    const itemBytes = Buffer.byteLength(json);
    if (itemBytes + envelopeBytes > maxBytes) {
      result.oversized.push({ item, bytes: itemBytes });
      continue;
    }
    if (parts.length >= maxItems || bytes + (parts.length > 0 ? 1 : 0) + itemBytes > maxBytes) close();
    bytes += (parts.length > 0 ? 1 : 0) + itemBytes;
    parts.push(json);
    partItems.push(item);
  }
  close();
  return result;
}
