import { DEMO_ENDPOINTS, type DemoEndpoint } from './coffee-models.js';
import { inverseNormalCdf, unitHash } from './seeded-random.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** A latency incident starts somewhere in every slot of this length (the brief's "every ~45 min"). */
const INCIDENT_SLOT_MS = 45 * MINUTE_MS;
/** An error burst happens in about half of the slots of this length. */
const BURST_SLOT_MS = 3 * 3_600_000;

/** Relative traffic by local hour 0…24: closed at night, the morning rush, a lunch bump. Normalised below. */
const HOURLY_SHAPE = [
  0.15, 0.1, 0.08, 0.08, 0.1, 0.3, 1.2, 2.6, 3.0, 2.4, 1.6, 1.4, 1.7, 1.5, 1.1, 1.0, 0.9, 0.8, 0.6, 0.45, 0.35, 0.25,
  0.2, 0.17, 0.15,
];
const SHAPE_MEAN = HOURLY_SHAPE.slice(0, 24).reduce((a, b, i) => a + (b + HOURLY_SHAPE[i + 1]!) / 2, 0) / 24;

export interface TrafficModelOptions {
  seed: number;
  /** Calls per minute over all endpoints, averaged over a weekday. */
  ratePerMinute: number;
  /** Offset of the shops' local time from UTC, for the daily cycle. Default 0. */
  utcOffsetMinutes?: number;
  /** false: the same rate at every hour (tests). Default true. */
  dailyCycle?: boolean;
  /** false: no scheduled latency incidents or error bursts, only forced ones (tests). Default true. */
  naturalIncidents?: boolean;
  /** When the forecaster's temperature input starts creeping up (the slow input drift). Default: no drift. */
  driftStartMs?: number;
  /** When the current versions went live; endpoints with a `previousVersion` served it before. Default: always current. */
  releaseMs?: number;
}

/** How fast the forecaster's temperature input drifts: about 6 °C over a month of history. */
const DRIFT_DEGREES_PER_DAY = 0.2;

/** A period of degraded service on one endpoint, starting and ending on minute boundaries. */
export interface Incident {
  kind: 'latency' | 'errors';
  endpointIndex: number;
  model: string;
  endpoint: string;
  startMs: number;
  endMs: number;
  /** Multiplies every latency (kind "latency"). */
  latencyFactor: number;
  /** Fraction of calls that fail (kind "errors"). */
  errorRate: number;
}

export interface Conditions {
  latencyFactor: number;
  errorRate: number;
  /** The error type of a burst; baseline errors use the endpoint's own types. */
  burstErrorType: string | null;
}

/**
 * The statistical shape of the demo traffic: how many calls each endpoint gets in each minute, and the
 * incidents. Everything is a pure function of the seed and the minute, so the backfill and the live
 * simulator produce the same counts and tests can predict them.
 *
 * @example
 *   const m = new TrafficModel({ seed: 7, ratePerMinute: 10_000 });
 *   m.callsInMinute(0, Date.UTC(2026, 0, 5, 8, 0))   // the recommender's calls in that minute
 */
export class TrafficModel {
  readonly endpoints: readonly DemoEndpoint[] = DEMO_ENDPOINTS;
  private readonly forced: Incident[] = [];
  private readonly offsetMs: number;

  constructor(readonly options: TrafficModelOptions) {
    this.offsetMs = (options.utcOffsetMinutes ?? 0) * MINUTE_MS;
  }

  /** Traffic relative to the daily average at time t (1 when the daily cycle is off). */
  dailyFactor(t: number): number {
    if (this.options.dailyCycle === false) return 1;
    const local = t + this.offsetMs;
    // 1970-01-01 was a Thursday, so (day + 4) % 7 counts from Sunday = 0.
    const weekday = (Math.floor(local / DAY_MS) + 4) % 7;
    const isWeekend = weekday === 0 || weekday === 6;
    // Weekends: the rush comes later and is flatter.
    let hour = (((local % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000;
    if (isWeekend) hour = (hour + 22.5) % 24;
    const i = Math.floor(hour);
    const shape = HOURLY_SHAPE[i]! + (HOURLY_SHAPE[i + 1]! - HOURLY_SHAPE[i]!) * (hour - i);
    return (shape / SHAPE_MEAN) * (isWeekend ? 0.85 : 1);
  }

  /** Degrees the forecaster's temperature input has drifted up by time t. */
  temperatureDriftAt(t: number): number {
    const start = this.options.driftStartMs;
    return start === undefined ? 0 : (Math.max(0, t - start) / DAY_MS) * DRIFT_DEGREES_PER_DAY;
  }

  /** Local hour (0–23) and weekday (0 = Sunday) of the shops at time t. */
  localTime(t: number): { hour: number; weekday: number } {
    const local = t + this.offsetMs;
    return {
      hour: Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000),
      weekday: (Math.floor(local / DAY_MS) + 4) % 7,
    };
  }

  /** Calls of endpoint `index` in the minute starting at `minuteStart` (a multiple of 60,000). */
  callsInMinute(index: number, minuteStart: number): number {
    const ep = this.endpoints[index]!;
    const expected = this.options.ratePerMinute * ep.share * this.dailyFactor(minuteStart + MINUTE_MS / 2);
    const minute = minuteStart / MINUTE_MS;
    const z1 = inverseNormalCdf(clamp(unitHash(this.options.seed, index, minute, 1)));
    const z2 = inverseNormalCdf(clamp(unitHash(this.options.seed, index, minute, 2)));
    // Poisson-like noise plus a little minute-to-minute wobble of the rate itself.
    return Math.max(0, Math.round(expected * (1 + 0.03 * z1) + Math.sqrt(expected) * z2));
  }

  /**
   * How much slower than its baseline endpoint `index` runs in a minute, outside incidents: busier hours are
   * slower (a queueing-like 12 % per unit of extra traffic), plus a slow wander of its own (±8 %, a new target
   * every hour, interpolated) and minute-to-minute noise (±3 %). Live calls and the backfill both draw under
   * it, so backfilled quantiles vary the way live ones do and no two endpoints move in step.
   */
  latencyWobble(index: number, minuteStart: number): number {
    const { seed } = this.options;
    const load = 1 + 0.12 * (this.dailyFactor(minuteStart + MINUTE_MS / 2) - 1);
    const hourPos = minuteStart / 3_600_000;
    const h = Math.floor(hourPos);
    const z = (k: number) => inverseNormalCdf(clamp(unitHash(seed, 404, index, k)));
    const slow = z(h) + (z(h + 1) - z(h)) * (hourPos - h);
    const noise = inverseNormalCdf(clamp(unitHash(seed, 405, index, minuteStart / MINUTE_MS)));
    return Math.max(0.5, load) * Math.exp(0.08 * slow + 0.03 * noise);
  }

  /** The model version endpoint `index` served at time t. */
  versionAt(index: number, t: number): string {
    const ep = this.endpoints[index]!;
    const release = this.options.releaseMs;
    return ep.previousVersion && release !== undefined && t < release ? ep.previousVersion.version : ep.modelVersion;
  }

  /** What endpoint `index` suffers in the minute starting at `minuteStart`. */
  conditionsAt(index: number, minuteStart: number): Conditions {
    const ep = this.endpoints[index]!;
    const isPrevious = this.versionAt(index, minuteStart) !== ep.modelVersion;
    const c: Conditions = {
      latencyFactor: this.latencyWobble(index, minuteStart) * (isPrevious ? ep.previousVersion!.latencyFactor : 1),
      errorRate: ep.errorRate,
      burstErrorType: null,
    };
    const found = this.incidentsBetween(minuteStart, minuteStart + MINUTE_MS).filter((i) => i.endpointIndex === index);
    let slowdown = 1;
    for (const inc of found) {
      if (inc.kind === 'latency') {
        slowdown = Math.max(slowdown, inc.latencyFactor);
        // Slow upstreams also time out now and then.
        c.errorRate = Math.max(c.errorRate, ep.errorRate * 3);
      } else {
        c.errorRate = Math.max(c.errorRate, inc.errorRate);
        c.burstErrorType = ep.modelType === 'llm' ? 'upstream_5xx' : 'http_503';
      }
    }
    c.latencyFactor *= slowdown;
    return c;
  }

  /** Forces an incident (tests, or `triggerIncident` of the simulator); times are rounded to minutes. */
  addIncident(inc: Omit<Incident, 'model' | 'endpoint'>): Incident {
    const ep = this.endpoints[inc.endpointIndex];
    if (!ep)
      throw new RangeError(`endpointIndex ${inc.endpointIndex}: the demo has ${this.endpoints.length} endpoints`);
    const full: Incident = {
      ...inc,
      model: ep.model,
      endpoint: ep.endpoint,
      startMs: Math.floor(inc.startMs / MINUTE_MS) * MINUTE_MS,
      endMs: Math.ceil(inc.endMs / MINUTE_MS) * MINUTE_MS,
    };
    this.forced.push(full);
    return full;
  }

  /** Incidents overlapping [fromMs, toMs), scheduled and forced. */
  incidentsBetween(fromMs: number, toMs: number): Incident[] {
    const out = this.forced.filter((i) => i.startMs < toMs && i.endMs > fromMs);
    if (this.options.naturalIncidents === false) return out;
    const { seed } = this.options;
    const n = this.endpoints.length;
    for (let s = Math.floor(fromMs / INCIDENT_SLOT_MS) - 1; s * INCIDENT_SLOT_MS < toMs; s++) {
      const startMs = s * INCIDENT_SLOT_MS + Math.floor(unitHash(seed, 101, s, 1) * 38) * MINUTE_MS;
      const endMs = startMs + (3 + Math.floor(unitHash(seed, 101, s, 2) * 4)) * MINUTE_MS;
      if (startMs < toMs && endMs > fromMs)
        out.push(this.scheduled('latency', Math.floor(unitHash(seed, 101, s, 3) * n), startMs, endMs, 5, 0));
    }
    for (let s = Math.floor(fromMs / BURST_SLOT_MS) - 1; s * BURST_SLOT_MS < toMs; s++) {
      if (unitHash(seed, 202, s, 0) >= 0.5) continue;
      const startMs = s * BURST_SLOT_MS + Math.floor(unitHash(seed, 202, s, 1) * 170) * MINUTE_MS;
      const endMs = startMs + (1 + Math.floor(unitHash(seed, 202, s, 2) * 4)) * MINUTE_MS;
      const rate = 0.15 + unitHash(seed, 202, s, 4) * 0.25;
      if (startMs < toMs && endMs > fromMs)
        out.push(this.scheduled('errors', Math.floor(unitHash(seed, 202, s, 3) * n), startMs, endMs, 1, rate));
    }
    return out;
  }

  private scheduled(
    kind: Incident['kind'],
    endpointIndex: number,
    startMs: number,
    endMs: number,
    latencyFactor: number,
    errorRate: number,
  ): Incident {
    const ep = this.endpoints[endpointIndex]!;
    return { kind, endpointIndex, model: ep.model, endpoint: ep.endpoint, startMs, endMs, latencyFactor, errorRate };
  }
}

function clamp(u: number): number {
  return Math.min(1 - 1e-9, Math.max(1e-9, u));
}
