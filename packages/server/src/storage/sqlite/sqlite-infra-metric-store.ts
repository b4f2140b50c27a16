import type Database from 'better-sqlite3';
import type { InfraLink } from '@vigil/protocol';
import type { InfraMetricStore, InfraMinuteRecord, InfraPoint, InfraResourceRecord } from '../contracts/index.js';
import {
  type CounterState,
  type InfraResourceRow,
  counterIncrease,
  infraResourceKey,
  infraResourceOfRow,
  minuteOf,
} from '../infra-counters.js';

/** Infrastructure metric minutes (migration 192) and links to models (193). */
export class SqliteInfraMetricStore implements InfraMetricStore {
  constructor(private readonly db: Database.Database) {}

  async record(points: readonly InfraPoint[]): Promise<{ stored: number }> {
    const upsertResource = this.db.prepare(
      `INSERT INTO infra_resources (key, service, host, pod, container, namespace, model, genai_model, genai_provider,
         first_seen, last_seen)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen),
         namespace = coalesce(excluded.namespace, namespace), model = coalesce(excluded.model, model),
         genai_provider = coalesce(excluded.genai_provider, genai_provider)`,
    );
    const readCounter = this.db.prepare(
      'SELECT start_time, time, value FROM infra_counters WHERE resource_key = ? AND metric = ? AND series = ?',
    );
    const writeCounter = this.db.prepare(
      `INSERT INTO infra_counters (resource_key, metric, series, start_time, time, value) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (resource_key, metric, series) DO UPDATE SET start_time = excluded.start_time,
         time = excluded.time, value = excluded.value`,
    );
    const addMinute = this.db.prepare(
      `INSERT INTO infra_minutes (resource_key, metric, minute, sum, count, last, last_time) VALUES (?, ?, ?, ?, 1, ?, ?)
       ON CONFLICT (metric, resource_key, minute) DO UPDATE SET sum = sum + excluded.sum, count = count + 1,
         last = CASE WHEN excluded.last_time >= last_time THEN excluded.last ELSE last END,
         last_time = max(last_time, excluded.last_time)`,
    );
    return this.db.transaction(() => {
      let stored = 0;
      for (const p of points) {
        const key = infraResourceKey(p.resource);
        const r = p.resource;
        const genAi = [r.genAiModel ?? null, r.genAiProvider ?? null];
        upsertResource.run(key, r.service, r.host, r.pod, r.container, r.namespace, r.model, ...genAi, p.time, p.time);
        let prev: CounterState | undefined;
        if (p.kind === 'cumulative') {
          const row = readCounter.get(key, p.metric, p.series) as
            { start_time: number; time: number; value: number } | undefined;
          prev = row && { startTime: row.start_time, time: row.time, value: row.value };
          if (prev && p.time <= prev.time) continue; // a repeat or an older point: already counted
          writeCounter.run(key, p.metric, p.series, p.startTime, p.time, p.value);
        }
        const value = counterIncrease(prev, p);
        if (value === null) continue;
        addMinute.run(key, p.metric, minuteOf(p.time), value, value, p.time);
        stored++;
      }
      return { stored };
    })();
  }

  async listResources(query: { since?: number; limit?: number; genAi?: boolean }): Promise<InfraResourceRecord[]> {
    const kind =
      query.genAi === undefined ? '' : query.genAi ? ' AND r.genai_model IS NOT NULL' : ' AND r.genai_model IS NULL';
    const rows = this.db
      .prepare(
        `SELECT r.*, (SELECT group_concat(metric, char(31)) FROM (SELECT DISTINCT metric FROM infra_minutes m
           WHERE m.resource_key = r.key ORDER BY metric)) AS metrics
         FROM infra_resources r WHERE r.last_seen >= ?${kind} ORDER BY r.last_seen DESC, r.key LIMIT ?`,
      )
      .all(query.since ?? 0, query.limit ?? 500) as InfraResourceRow<string | null>[];
    return rows.map((r) => infraResourceOfRow(r, r.metrics ? r.metrics.split('\u001f') : []));
  }

  async readMinutes(query: {
    metric: string;
    from: number;
    to: number;
    resourceKeys?: readonly string[];
  }): Promise<InfraMinuteRecord[]> {
    const keys = query.resourceKeys;
    const where = keys ? ` AND resource_key IN (${keys.map(() => '?').join(', ') || 'NULL'})` : '';
    const rows = this.db
      .prepare(
        `SELECT resource_key, metric, minute, sum, count, last FROM infra_minutes
         WHERE metric = ? AND minute >= ? AND minute < ?${where} ORDER BY minute, resource_key`,
      )
      .all(query.metric, query.from, query.to, ...(keys ?? [])) as {
      resource_key: string;
      metric: string;
      minute: number;
      sum: number;
      count: number;
      last: number;
    }[];
    return rows.map((r) => ({
      resourceKey: r.resource_key,
      metric: r.metric,
      minute: r.minute,
      sum: r.sum,
      count: r.count,
      last: r.last,
    }));
  }

  async listLinks(): Promise<InfraLink[]> {
    const rows = this.db.prepare('SELECT match, model FROM infra_links ORDER BY position').all() as {
      match: string;
      model: string;
    }[];
    return rows.map((r) => ({ match: JSON.parse(r.match) as InfraLink['match'], model: r.model }));
  }

  async putLinks(links: readonly InfraLink[]): Promise<void> {
    const insert = this.db.prepare('INSERT INTO infra_links (position, match, model) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM infra_links').run();
      links.forEach((l, i) => insert.run(i, JSON.stringify(l.match), l.model));
    })();
  }

  async pruneBefore(cutoff: number): Promise<number> {
    return this.db.transaction(() => {
      const { changes } = this.db.prepare('DELETE FROM infra_minutes WHERE minute < ?').run(cutoff);
      this.db.prepare('DELETE FROM infra_counters WHERE time < ?').run(cutoff);
      this.db.prepare('DELETE FROM infra_resources WHERE last_seen < ?').run(cutoff);
      return changes;
    })();
  }
}
