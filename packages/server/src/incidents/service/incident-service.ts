import type { IncidentDetail, IncidentMetricsResult } from '@vigil/protocol';
import type { AlertRounds, DeliveryDispatcher } from '../../alerting/index.js';
import { VigilError } from '../../errors/index.js';
import type { Incident, IncidentQuery, Store, TimelineEntry } from '../../storage/index.js';
import { computeIncidentMetrics, type EscalationPolicy } from '../escalation/index.js';
import { DailyDigestJob } from './daily-digest-job.js';
import { IncidentManager, type ExternalUrl } from './incident-manager.js';

/** The settings incidents read. */
export interface IncidentsConfig {
  /** Base URL of this Vigil for links in notifications (config `externalUrl`, else the listening address). */
  externalUrl?: ExternalUrl;
  /** The policy while none is stored. Default DEFAULT_ESCALATION_POLICY. */
  policy?: EscalationPolicy;
  /** UTC hour (0–23) of the daily INFORMED/REVIEW digest. Default 8. */
  digestHourUtc?: number;
}

export interface IncidentServiceOptions {
  store: Pick<Store, 'alerting'>;
  now: () => number;
  config?: IncidentsConfig;
  dispatcher: DeliveryDispatcher;
  /**
   * The alerting rounds, once they exist (the scheduler takes `manager` when it is built, so it comes after):
   * humans acknowledge and resolve between rounds.
   */
  rounds: () => AlertRounds;
}

/** Incidents as people work them (docs/alerting.md, "Incidents" and "Escalation"). */
export interface IncidentService {
  now: () => number;
  /** Opens, routes, escalates and resolves incidents from alert groups (the scheduler's AlertGroupHandler). */
  manager: IncidentManager;
  /** The per-team daily digest (the scheduler's end-of-round job). */
  digest: DailyDigestJob;
  list(query: IncidentQuery): Promise<Incident[]>;
  detail(id: string): Promise<IncidentDetail>;
  metrics(q: {
    from: number;
    to: number;
    bucketMs: number;
    groupBy: 'team' | 'area' | 'model' | 'all';
  }): Promise<IncidentMetricsResult>;
  acknowledge(id: string, by: string): Promise<Incident>;
  comment(id: string, by: string, text: string): Promise<TimelineEntry>;
  resolve(id: string, verdict: { by: string; cause: string; isFalsePositive: boolean }): Promise<Incident>;
  escalationPolicy(): Promise<{ policy: EscalationPolicy; isStored: boolean }>;
  /** Stores the policy open incidents follow from their next step; VIGIL_ERR_VALIDATION names what is wrong. */
  setEscalationPolicy(policy: EscalationPolicy): Promise<void>;
}

/**
 * @example
 * let alerting: AlertingService;
 * const incidents = createIncidentService({ store, now, dispatcher, rounds: () => alerting.scheduler });
 * alerting = createAlertingService({ store, now, dispatcher, incidents: incidents.manager, digest: incidents.digest });
 */
export function createIncidentService(options: IncidentServiceOptions): IncidentService {
  const store = options.store.alerting;
  const { now, dispatcher, rounds } = options;
  const config = options.config ?? {};
  const manager = new IncidentManager(store, dispatcher, {
    now,
    externalUrl: config.externalUrl,
    policy: config.policy,
  });
  const digest = new DailyDigestJob(store, dispatcher, {
    hourUtc: config.digestHourUtc,
    externalUrl: config.externalUrl,
  });

  async function load(id: string): Promise<Incident> {
    const incident = await store.getIncident(id);
    if (!incident) throw new VigilError('VIGIL_ERR_NOT_FOUND', `incident "${id}" does not exist`);
    return incident;
  }

  return {
    now,
    manager,
    digest,
    list: (query) => store.listIncidents(query),

    async detail(id) {
      const incident = await load(id);
      const [timeline, deliveries] = await Promise.all([
        store.listTimeline(incident.id),
        store.listDeliveries({ incidentId: incident.id }),
      ]);
      return { incident, timeline, deliveries };
    },

    async metrics({ from, to, bucketMs, groupBy }) {
      if ((to - from) / bucketMs > 1000)
        throw new VigilError('VIGIL_ERR_VALIDATION', 'querystring.bucket: more than 1,000 buckets; use a wider bucket');
      const list = await store.listIncidents({ from, to, limit: 1_000_000 });
      const buckets = computeIncidentMetrics(
        list.map((i) => ({ ...i, isFalsePositive: i.isFalsePositive, businessImpactUsd: i.impactUsdPerHour })),
        { from, to, bucketMs, groupBy },
      );
      return { from, to, bucketMs, groupBy, buckets };
    },

    async acknowledge(id, by) {
      const incident = await load(id);
      if (incident.status === 'resolved')
        throw new VigilError('VIGIL_ERR_CONFLICT', `incident "${incident.id}" is already resolved`);
      const r = rounds();
      // Between rounds, on the incident as it is then: a round may have changed it meanwhile.
      return r.runExclusive(async () =>
        manager.acknowledge((await store.getIncident(incident.id)) ?? incident, by, now(), r.alertLookup()),
      );
    },

    comment: async (id, by, text) => manager.comment(await load(id), by, text, now()),

    async resolve(id, verdict) {
      const incident = await load(id);
      const r = rounds();
      return r.runExclusive(async () =>
        manager.resolveByHuman(
          (await store.getIncident(incident.id)) ?? incident,
          verdict,
          now(),
          await r.loadRouting(),
          r.alertLookup(),
        ),
      );
    },

    escalationPolicy: () => manager.readEscalationPolicy(),
    async setEscalationPolicy(policy) {
      const problems = checkPolicy(policy);
      if (problems.length) {
        const first = problems[0]!;
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `body${first.path.replaceAll('/', '.')}: ${first.message}`,
          problems,
        );
      }
      await store.setEscalationPolicy(policy);
    },
  };
}

/** Below this a level would page the next one before anyone could open the notification. */
const MIN_ACK_TIMEOUT_MS = 60_000;

/** Problems the schema cannot express: unique level names, a usable timeout on every level but the last. */
function checkPolicy(p: EscalationPolicy): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  p.levels.forEach((level, i) => {
    if (p.levels.findIndex((l) => l.name === level.name) !== i)
      problems.push({
        path: `/policy/levels/${i}/name`,
        message: `"${level.name}" names two levels; names must be unique`,
      });
    if (i < p.levels.length - 1 && level.ackTimeoutMs < MIN_ACK_TIMEOUT_MS)
      problems.push({
        path: `/policy/levels/${i}/ackTimeoutMs`,
        message: `must be at least ${MIN_ACK_TIMEOUT_MS} (1 minute) on every level but the last`,
      });
  });
  return problems;
}
