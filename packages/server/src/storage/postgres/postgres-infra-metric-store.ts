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
import { type PostgresDb, valuesList } from './postgres-db.js';

/** Serializes infrastructure writes across nodes, so a counter series' previous point is read and replaced once. */
const INFRA_LOCK = 0x56_49_47_19;
const CHUNK = 4000;

interface Minute {
  key: string;
  metric: string;
  minute: number;
  sum: number;
  count: number;
  last: number;
  lastTime: number;
}

/** Infrastructure metric minutes (migration 190) and links to models (191). */
export class PostgresInfraMetricStore implements InfraMetricStore {
  constructor(private readonly db: PostgresDb) {}

  async record(points: readonly InfraPoint[]): Promise<{ stored: number }> {
    if (points.length === 0) return { stored: 0 };
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [INFRA_LOCK]);

      // One row per resource; the optional attributes of its points merged (a later non-null value wins), as the
      // row's coalesce does across batches.
      const resources = new Map<string, { r: InfraPoint['resource']; first: number; last: number }>();
      for (const p of points) {
        const key = infraResourceKey(p.resource);
        const e = resources.get(key);
        if (!e) resources.set(key, { r: { ...p.resource }, first: p.time, last: p.time });
        else {
          e.first = Math.min(e.first, p.time);
          e.last = Math.max(e.last, p.time);
          e.r.namespace = p.resource.namespace ?? e.r.namespace;
          e.r.model = p.resource.model ?? e.r.model;
          e.r.genAiProvider = p.resource.genAiProvider ?? e.r.genAiProvider ?? null;
        }
      }
      const resourceRows = [...resources].map(([key, { r, first, last }]) => {
        const genAi = [r.genAiModel ?? null, r.genAiProvider ?? null];
        return [key, r.service, r.host, r.pod, r.container, r.namespace, r.model, ...genAi, first, last];
      });
      for (let i = 0; i < resourceRows.length; i += CHUNK) {
        const chunk = resourceRows.slice(i, i + CHUNK);
        await tx.query(
          `INSERT INTO infra_resources (key, service, host, pod, container, namespace, model, genai_model,
             genai_provider, first_seen, last_seen)
           VALUES ${valuesList(chunk.length, 11)}
           ON CONFLICT (key) DO UPDATE SET last_seen = greatest(infra_resources.last_seen, excluded.last_seen),
             first_seen = least(infra_resources.first_seen, excluded.first_seen),
             namespace = coalesce(excluded.namespace, infra_resources.namespace),
             model = coalesce(excluded.model, infra_resources.model),
             genai_provider = coalesce(excluded.genai_provider, infra_resources.genai_provider)`,
          chunk.flat(),
        );
      }

      // The previous point of every cumulative series in this batch, read once; updated in memory as points apply.
      const counters = new Map<string, CounterState>();
      const counterId = (key: string, metric: string, series: string) => JSON.stringify([key, metric, series]);
      const wanted = [
        ...new Set(
          points
            .filter((p) => p.kind === 'cumulative')
            .map((p) => counterId(infraResourceKey(p.resource), p.metric, p.series)),
        ),
      ].map((id) => JSON.parse(id) as [string, string, string]);
      for (let i = 0; i < wanted.length; i += CHUNK) {
        const chunk = wanted.slice(i, i + CHUNK);
        const rows = await tx.query<{ k: string; m: string; s: string; st: number; t: number; v: number }>(
          `SELECT resource_key AS k, metric AS m, series AS s, start_time AS st, time AS t, value AS v
           FROM infra_counters WHERE (resource_key, metric, series) IN (${valuesList(chunk.length, 3)})`,
          chunk.flat(),
        );
        for (const r of rows.rows) counters.set(counterId(r.k, r.m, r.s), { startTime: r.st, time: r.t, value: r.v });
      }

      const minutes = new Map<string, Minute>();
      const changed = new Set<string>();
      let stored = 0;
      for (const p of points) {
        const key = infraResourceKey(p.resource);
        let prev: CounterState | undefined;
        if (p.kind === 'cumulative') {
          const id = counterId(key, p.metric, p.series);
          prev = counters.get(id);
          if (prev && p.time <= prev.time) continue; // a repeat or an older point: already counted
          counters.set(id, { startTime: p.startTime, time: p.time, value: p.value });
          changed.add(id);
        }
        const value = counterIncrease(prev, p);
        if (value === null) continue;
        const minute = minuteOf(p.time);
        const id = JSON.stringify([key, p.metric, minute]);
        const m = minutes.get(id);
        if (!m) minutes.set(id, { key, metric: p.metric, minute, sum: value, count: 1, last: value, lastTime: p.time });
        else {
          m.sum += value;
          m.count++;
          if (p.time >= m.lastTime) {
            m.last = value;
            m.lastTime = p.time;
          }
        }
        stored++;
      }

      const counterRows = [...changed].map((id) => {
        const [k, m, s] = JSON.parse(id) as [string, string, string];
        const c = counters.get(id)!;
        return [k, m, s, c.startTime, c.time, c.value];
      });
      for (let i = 0; i < counterRows.length; i += CHUNK) {
        const chunk = counterRows.slice(i, i + CHUNK);
        await tx.query(
          `INSERT INTO infra_counters (resource_key, metric, series, start_time, time, value)
           VALUES ${valuesList(chunk.length, 6)}
           ON CONFLICT (resource_key, metric, series) DO UPDATE SET start_time = excluded.start_time,
             time = excluded.time, value = excluded.value`,
          chunk.flat(),
        );
      }
      const minuteRows = [...minutes.values()].map((m) => [
        m.key,
        m.metric,
        m.minute,
        m.sum,
        m.count,
        m.last,
        m.lastTime,
      ]);
      for (let i = 0; i < minuteRows.length; i += CHUNK) {
        const chunk = minuteRows.slice(i, i + CHUNK);
        await tx.query(
          `INSERT INTO infra_minutes (resource_key, metric, minute, sum, count, last, last_time)
           VALUES ${valuesList(chunk.length, 7)}
           ON CONFLICT (metric, resource_key, minute) DO UPDATE SET sum = infra_minutes.sum + excluded.sum,
             count = infra_minutes.count + excluded.count,
             last = CASE WHEN excluded.last_time >= infra_minutes.last_time THEN excluded.last ELSE infra_minutes.last END,
             last_time = greatest(infra_minutes.last_time, excluded.last_time)`,
          chunk.flat(),
        );
      }
      return { stored };
    });
  }

  async listResources(query: { since?: number; limit?: number; genAi?: boolean }): Promise<InfraResourceRecord[]> {
    const kind =
      query.genAi === undefined ? '' : query.genAi ? ' AND r.genai_model IS NOT NULL' : ' AND r.genai_model IS NULL';
    const rows = await this.db.query<InfraResourceRow<string[] | null>>(
      `SELECT r.*, (SELECT array_agg(DISTINCT m.metric ORDER BY m.metric) FROM infra_minutes m
         WHERE m.resource_key = r.key) AS metrics
       FROM infra_resources r WHERE r.last_seen >= $1${kind} ORDER BY r.last_seen DESC, r.key LIMIT $2`,
      [query.since ?? 0, query.limit ?? 500],
    );
    return rows.map((r) => infraResourceOfRow(r, r.metrics ?? []));
  }

  async readMinutes(query: {
    metric: string;
    from: number;
    to: number;
    resourceKeys?: readonly string[];
  }): Promise<InfraMinuteRecord[]> {
    const keys = query.resourceKeys;
    const rows = await this.db.query<InfraMinuteRecord>(
      `SELECT resource_key AS "resourceKey", metric, minute, sum, count, last FROM infra_minutes
       WHERE metric = $1 AND minute >= $2 AND minute < $3${keys ? ' AND resource_key = ANY($4::text[])' : ''}
       ORDER BY minute, resource_key`,
      keys ? [query.metric, query.from, query.to, [...keys]] : [query.metric, query.from, query.to],
    );
    return rows;
  }

  async listLinks(): Promise<InfraLink[]> {
    const rows = await this.db.query<{ match: string; model: string }>(
      'SELECT match, model FROM infra_links ORDER BY position',
    );
    return rows.map((r) => ({ match: JSON.parse(r.match) as InfraLink['match'], model: r.model }));
  }

  async putLinks(links: readonly InfraLink[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM infra_links');
      if (links.length > 0)
        await tx.query(
          `INSERT INTO infra_links (position, match, model) VALUES ${valuesList(links.length, 3)}`,
          links.flatMap((l, i) => [i, JSON.stringify(l.match), l.model]),
        );
    });
  }

  async pruneBefore(cutoff: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      const { rowCount } = await tx.query('DELETE FROM infra_minutes WHERE minute < $1', [cutoff]);
      await tx.query('DELETE FROM infra_counters WHERE time < $1', [cutoff]);
      await tx.query('DELETE FROM infra_resources WHERE last_seen < $1', [cutoff]);
      return rowCount ?? 0;
    });
  }
}
