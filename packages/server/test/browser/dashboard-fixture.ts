import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestServer } from '../helpers/test-server.js';

export const WEB_DIR = fileURLToPath(new URL('../../../web/', import.meta.url));

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((n) => newestMtime(join(path, n))));
}

/** Builds packages/web when dist is missing or older than its sources; the server only serves a built dist. */
export function ensureWebBuilt(): void {
  const built = join(WEB_DIR, 'dist', 'index.html');
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(WEB_DIR, p));
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: WEB_DIR, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vite build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}

// mulberry32: a tiny seeded generator, so every run ingests the same traffic.
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Traffic {
  model: string;
  modelType: string;
  endpoint: string;
  perMinute: number;
  medianMs: number;
  errorRate: number;
  costUsd: number;
  /** Calls stop this long before `now` (a stale model). */
  stopsBeforeMs?: number;
  llm?: boolean;
}

/** The fixture's traffic: a healthy recommender, an LLM, a vision model with 5% errors, a stale forecaster. */
export const TRAFFIC: Traffic[] = [
  { model: 'drink-recommender', modelType: 'classification', endpoint: 'POST /v1/recommend', perMinute: 2, medianMs: 38, errorRate: 0.003, costUsd: 0.00004 },
  { model: 'drink-recommender', modelType: 'classification', endpoint: 'GET /v1/recommend/popular', perMinute: 0.5, medianMs: 6, errorRate: 0, costUsd: 0.000002 },
  { model: 'barista-assistant', modelType: 'llm', endpoint: 'POST /v1/chat', perMinute: 0.25, medianMs: 1400, errorRate: 0.004, costUsd: 0, llm: true },
  { model: 'latte-art-checker', modelType: 'vision', endpoint: 'POST /v1/latte-art/score', perMinute: 1, medianMs: 180, errorRate: 0.05, costUsd: 0.0009 },
  { model: 'demand-forecaster', modelType: 'regression', endpoint: 'POST /v1/forecast', perMinute: 0.1, medianMs: 140, errorRate: 0, costUsd: 0.0002, stopsBeforeMs: 3 * 3_600_000 },
];

/** Realistic calls over the 24 h before `now`, posted to POST /api/v1/events, then flushed to rollups. */
export async function ingestDayOfTraffic(s: TestServer, now: number): Promise<number> {
  const rand = seeded(42);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const events: Array<Record<string, unknown>> = [];
  for (let minute = 24 * 60; minute >= 1; minute--) {
    const start = now - minute * 60_000;
    for (const t of TRAFFIC) {
      if (t.stopsBeforeMs && now - start < t.stopsBeforeMs) continue;
      // Fractional rates become a call in that share of minutes.
      const n = Math.floor(t.perMinute) + (rand() < t.perMinute % 1 ? 1 : 0);
      for (let i = 0; i < n; i++) {
        const isError = rand() < t.errorRate;
        const inputTokens = Math.round(300 + rand() * 500);
        const outputTokens = Math.round(80 + rand() * 300);
        events.push({
          model: t.model,
          modelType: t.modelType,
          modelVersion: '1.0.0',
          endpoint: t.endpoint,
          timestamp: start + Math.floor(rand() * 60_000),
          latencyMs: Math.round(t.medianMs * Math.exp(0.45 * normal()) * 10) / 10,
          status: isError ? 'error' : 'ok',
          ...(isError ? { errorType: 'timeout' } : {}),
          ...(t.llm
            ? { costUsd: (inputTokens * 2.5 + outputTokens * 10) / 1e6, llm: { provider: 'openai', requestModel: 'gpt-4o', inputTokens, outputTokens, finishReason: 'stop' } }
            : { costUsd: t.costUsd }),
        });
      }
    }
  }
  for (let i = 0; i < events.length; i += 1000) {
    // inject() rather than fetch(): Node's fetch leaves keep-alive sockets that hold app.close() for ~60 s.
    const res = await s.vigil.app.inject({ method: 'POST', url: '/api/v1/events', headers: s.auth, payload: { events: events.slice(i, i + 1000) } });
    if (res.statusCode !== 200) throw new Error(`ingest answered ${res.statusCode}: ${res.body}`);
  }
  await s.vigil.pipeline.flush();
  return events.length;
}
