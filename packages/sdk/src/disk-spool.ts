import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** One request body waiting on disk: `<seq>-<items>.json`, the sequence number giving the order. */
export interface SpoolSegment {
  seq: number;
  items: number;
  bytes: number;
  path: string;
}

const SEGMENT = /^(\d{16})-(\d{1,6})\.json$/;

/**
 * A bounded, crash-safe, ordered spool of request bodies in one directory (node:fs only). Each body is one
 * file, written to a temporary name, fsynced, renamed into place and the directory fsynced, so after a crash
 * a segment is either whole or absent; a leftover temporary file is removed when the spool opens. Segments
 * are numbered in the order they were written and read back in that order, also by the next process.
 *
 * @example
 *   const spool = new DiskSpool('/var/spool/vigil/events', 100e6);
 *   await spool.append('{"events":[...]}', 500);
 *   const next = spool.first(); const body = await spool.read(next!); await spool.remove(next!);
 */
export class DiskSpool {
  private readonly segments: SpoolSegment[] = [];
  private nextSeq = 1;
  private bytes = 0;
  private items = 0;

  /** Opens (creating) the directory and finds the segments a previous process left, synchronously. */
  constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir)) {
      const m = SEGMENT.exec(name);
      const path = join(dir, name);
      if (!m) {
        if (name.endsWith('.tmp')) unlinkSync(path); // a write the crash interrupted: never acknowledged to anyone
        continue;
      }
      const segment = { seq: Number(m[1]), items: Number(m[2]), bytes: statSync(path).size, path };
      this.segments.push(segment);
      this.bytes += segment.bytes;
      this.items += segment.items;
    }
    this.segments.sort((a, b) => a.seq - b.seq);
    this.nextSeq = (this.segments.at(-1)?.seq ?? 0) + 1;
  }

  /** Items in the spool. */
  get size(): number {
    return this.items;
  }

  get sizeBytes(): number {
    return this.bytes;
  }

  /** The oldest segment, or undefined when the spool is empty. */
  first(): SpoolSegment | undefined {
    return this.segments[0];
  }

  /** Segments in the spool, oldest first. */
  list(): readonly SpoolSegment[] {
    return this.segments;
  }

  /** Writes one body durably; false (nothing written) when it would take the spool past `maxBytes`. */
  async append(json: string, items: number): Promise<boolean> {
    const bytes = Buffer.byteLength(json);
    if (this.bytes + bytes > this.maxBytes) return false;
    const seq = this.nextSeq++;
    const path = join(this.dir, `${String(seq).padStart(16, '0')}-${items}.json`);
    const tmp = `${path}.tmp`;
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(json);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
    syncDirectory(this.dir);
    this.segments.push({ seq, items, bytes, path });
    this.bytes += bytes;
    this.items += items;
    return true;
  }

  read(segment: SpoolSegment): Promise<string> {
    return readFile(segment.path, 'utf8');
  }

  /** Deletes a segment once its items are settled (delivered, rejected or given up). */
  async remove(segment: SpoolSegment): Promise<void> {
    const i = this.segments.indexOf(segment);
    if (i < 0) return;
    this.segments.splice(i, 1);
    this.bytes -= segment.bytes;
    this.items -= segment.items;
    await unlink(segment.path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }
}

/** Makes a rename durable: the directory entry, not only the file, must reach the disk. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot open a directory; the rename is as durable as they make it.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
