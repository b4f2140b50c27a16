import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NotificationGrouper } from '../evaluation/notification-grouper.js';
import { fingerprintLabels } from '../evaluation/alert-fingerprint.js';
import { buildNotification, type Notification } from './alert-notification.js';

// Test support for the channel tests: loopback servers standing in for vendors, and sample notifications.

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
  receivedAt: number;
}

export interface ScriptedReply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * Starts a loopback server answering each request with `reply(request, index)`.
 * @example
 * const rx = await startLoopbackReceiver(() => ({ status: 200, body: 'ok' }));
 * // … POST to rx.url …
 * await rx.close();
 */
export async function startLoopbackReceiver(reply: (req: ReceivedRequest, index: number) => ScriptedReply) {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown = undefined;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const r: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        json,
        receivedAt: Date.now(),
      };
      requests.push(r);
      const out = reply(r, requests.length - 1);
      res.writeHead(out.status, out.headers ?? { 'content-type': 'text/plain' });
      res.end(out.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A URL on which nothing listens: bind port 0, note it, close. */
export async function findClosedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/unreachable`;
}

/** A real notification built the production way: alerts → grouper → buildNotification. */
export function makeSampleNotification(
  options: { alerts?: number; summaryLength?: number; kind?: Notification['kind']; resolved?: boolean } = {},
): Notification {
  const grouper = new NotificationGrouper({ groupWaitMs: 0 });
  const count = options.alerts ?? 2;
  const alerts = Array.from({ length: count }, (_, i) => {
    const labels = {
      alertname: `p95 high ${i}`,
      rule_id: `rule-${i}`,
      area: 'API Performance',
      severity: i === 0 ? 'critical' : 'warning',
      model: 'fraud-v3',
      endpoint: '/score',
    };
    const summary = options.summaryLength
      ? `x & <y> ${'z'.repeat(options.summaryLength)}`
      : `p95 is 950 ms on /score <${i}> & rising`;
    return {
      fingerprint: fingerprintLabels(labels),
      labels,
      annotations: { summary, runbook: 'https://runbooks.example/p95', value: '950' },
      state: options.resolved ? ('resolved' as const) : ('firing' as const),
      activeAt: Date.UTC(2025, 0, 14, 9, 0, i),
      resolvedAt: options.resolved ? Date.UTC(2025, 0, 14, 10) : null,
    };
  });
  if (options.resolved)
    grouper.ingest(
      alerts.map((a) => ({ ...a, state: 'firing' as const, resolvedAt: null })),
      Date.UTC(2025, 0, 14, 9, 30),
    );
  if (options.resolved) grouper.flush(Date.UTC(2025, 0, 14, 9, 30));
  grouper.ingest(alerts, Date.UTC(2025, 0, 14, 10));
  const [group] = grouper.flush(Date.UTC(2025, 0, 14, 10, 10));
  const n = buildNotification(group, {
    id: `n-${Math.random().toString(36).slice(2)}`,
    externalUrl: 'https://vigil.example',
    incidentUrl: 'https://vigil.example/incidents/42',
    kind: options.kind,
  });
  return { ...n, onCall: { name: 'Ana <On Call>', slackUserId: 'U123' }, businessImpactUsdPerHour: 2500 };
}

/** Small, deterministic retry delays for tests. */
export const FAST_RETRY = {
  maxAttempts: 3,
  baseDelayMs: 5,
  maxDelayMs: 20,
  random: () => 0,
  attemptTimeoutMs: 2_000,
} as const;
