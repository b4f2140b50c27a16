import type { FastifyInstance } from 'fastify';
import { DemoInfo } from '@vigil/protocol';

export interface DemoInfoSource {
  models: Array<{ model: string; modelType: string; modelVersion: string; endpoints: string[] }>;
  startedAtMs: number;
  rate: number;
  backfillDays: number;
  incidentsBetween(
    fromMs: number,
    toMs: number,
  ): Array<{ kind: string; model: string; endpoint: string; startMs: number; endMs: number }>;
}

/**
 * `GET /api/v1/demo`: public, so the dashboard can show a "Demo data" banner before anyone logs in.
 * Registered only by `vigil demo`; a real deployment answers 404 here.
 */
export function registerDemoRoute(app: FastifyInstance, source: DemoInfoSource, now: () => number = Date.now): void {
  app.get(
    '/api/v1/demo',
    {
      config: { auth: 'public' },
      schema: {
        summary: 'Whether this server runs the coffee-company demo, and what it simulates',
        tags: ['demo'],
        response: { 200: DemoInfo },
      },
    },
    async (): Promise<DemoInfo> => {
      const t = now();
      return {
        demo: true as const,
        models: source.models,
        startedAt: new Date(source.startedAtMs).toISOString(),
        rate: source.rate,
        backfillDays: source.backfillDays,
        incidents: source
          .incidentsBetween(t - 86_400_000, t + 3_600_000)
          .sort((a, b) => a.startMs - b.startMs)
          .map((i) => ({
            kind: i.kind,
            model: i.model,
            endpoint: i.endpoint,
            start: new Date(i.startMs).toISOString(),
            end: new Date(i.endMs).toISOString(),
          })),
      };
    },
  );
}
