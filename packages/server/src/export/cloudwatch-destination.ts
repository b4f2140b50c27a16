import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import {
  CloudWatchClient,
  PutMetricDataCommand,
  type MetricDatum,
  type StandardUnit,
} from '@aws-sdk/client-cloudwatch';
import { deliverWithRetry, type RetryOptions } from '../alerting/channels/delivery-retry.js';
import type { ExportAttemptResult, ExportDestination, IncidentEvent, MetricPoint } from './export-types.js';

export interface CloudWatchOptions {
  region: string;
  namespace?: string;
  accessKeyId: string;
  secretAccessKey: string;
  endpoint?: string;
}

const UNITS: Record<MetricPoint['unit'], StandardUnit> = {
  calls: 'Count',
  seconds: 'Seconds',
  tokens: 'Count',
  usd: 'None',
  ratio: 'None',
};

/** `vigil.latency.p95` → `LatencyP95`: CloudWatch's own naming style. */
export function cloudWatchName(name: string): string {
  return name
    .replace(/^vigil\./, '')
    .split(/[._]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/**
 * AWS CloudWatch through the AWS SDK v3 (`PutMetricData`: SigV4-signed, AWS JSON 1.0 on the wire, bodies over
 * 10 KB gzip-compressed by the SDK), in namespace `Vigil` with dimensions `Model` and `Endpoint`, at most 1,000
 * metrics a request. CloudWatch has no events in this API: incident transitions are counted as
 * `IncidentTransitions` with dimensions `Transition` and `Severity`. Retries are Vigil's (the SDK's own are
 * turned off), so all destinations back off alike.
 * @example new CloudWatchDestination({ region: 'eu-west-1', accessKeyId, secretAccessKey }, retry)
 */
export class CloudWatchDestination implements ExportDestination {
  readonly kind = 'cloudwatch' as const;
  readonly maxPointsPerRequest = 1000;
  private readonly client: CloudWatchClient;
  private readonly namespace: string;

  constructor(
    options: CloudWatchOptions,
    private readonly retry: RetryOptions,
  ) {
    this.namespace = options.namespace ?? 'Vigil';
    this.client = new CloudWatchClient({
      region: options.region,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      maxAttempts: 1,
      ...(options.endpoint && { endpoint: options.endpoint }),
      // With a guarded lookup the endpoint's name is resolved and checked again at every connection (DNS rebinding).
      ...(retry.lookup && {
        requestHandler: {
          httpsAgent: new HttpsAgent({ keepAlive: true, lookup: retry.lookup }),
          httpAgent: new HttpAgent({ keepAlive: true, lookup: retry.lookup }),
        },
      }),
    });
  }

  private async put(data: MetricDatum[], signal: AbortSignal): Promise<ExportAttemptResult> {
    const result = await deliverWithRetry(
      'webhook',
      'export',
      async (attemptSignal) => {
        try {
          const out = await this.client.send(
            new PutMetricDataCommand({ Namespace: this.namespace, MetricData: data }),
            {
              abortSignal: attemptSignal,
            },
          );
          return { ok: true, statusCode: out.$metadata.httpStatusCode ?? 200, error: null, isRetryable: false };
        } catch (err) {
          const e = err as {
            name?: string;
            message?: string;
            $metadata?: { httpStatusCode?: number };
            $retryable?: unknown;
            code?: string;
          };
          // A target refused at connection time (guarded lookup) stays refused: no retry.
          if (e.code === 'VIGIL_TARGET_REFUSED')
            return { ok: false, statusCode: null, error: e.message ?? 'target refused', isRetryable: false };
          const status = e.$metadata?.httpStatusCode ?? null;
          const throttled = /Throttl/i.test(e.name ?? '') || status === 429;
          if (attemptSignal.aborted) throw err;
          return {
            ok: false,
            statusCode: status,
            error: `${e.name ?? 'Error'}: ${e.message ?? ''}`.slice(0, 300),
            isRetryable: throttled || status === null || status >= 500 || Boolean(e.$retryable),
          };
        }
      },
      this.retry,
      signal,
    );
    return { ok: result.ok, attempts: result.attempts, statusCode: result.statusCode, error: result.error };
  }

  sendMetrics(points: readonly MetricPoint[], signal: AbortSignal): Promise<ExportAttemptResult> {
    return this.put(
      points.map((p) => ({
        MetricName: cloudWatchName(p.name),
        Dimensions: Object.entries(p.tags).map(([k, v]) => ({
          Name: k.charAt(0).toUpperCase() + k.slice(1),
          Value: v.slice(0, 1024),
        })),
        Timestamp: new Date(p.timestampMs),
        Value: p.value,
        Unit: UNITS[p.unit],
        StorageResolution: 60,
      })),
      signal,
    );
  }

  sendEvents(events: readonly IncidentEvent[], signal: AbortSignal): Promise<ExportAttemptResult> {
    return this.put(
      events.map((e) => ({
        MetricName: 'IncidentTransitions',
        Dimensions: [
          { Name: 'Transition', Value: e.transition },
          { Name: 'Severity', Value: e.severity },
        ],
        Timestamp: new Date(e.atMs),
        Value: 1,
        Unit: 'Count',
      })),
      signal,
    );
  }
}
