/** The opaque cursor of an events page: the last event's timestamp and id. */
export function encodeCursor(ts: number, id: number): string {
  return Buffer.from(`${ts}:${id}`).toString('base64url');
}

/** Throws a RangeError naming the problem; the HTTP layer maps it to a validation error. */
export function decodeCursor(cursor: string): [number, number] {
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const ts = Number(parts[0]);
  const id = Number(parts[1]);
  if (parts.length !== 2 || !Number.isSafeInteger(ts) || !Number.isSafeInteger(id))
    throw new RangeError('cursor is not one this server issued');
  return [ts, id];
}
