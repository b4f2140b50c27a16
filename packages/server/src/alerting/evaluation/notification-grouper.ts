import type { Labels } from './alert-fingerprint.js';

/** What grouping needs of an alert; {@link AlertInstance} satisfies it. Pending alerts are ignored. */
export interface NotifiableAlert {
  fingerprint: string;
  labels: Labels;
  annotations: Labels;
  state: 'pending' | 'firing' | 'resolved';
  activeAt: number;
  resolvedAt: number | null;
}

/** One alert inside a group notification (Alertmanager's alert shape, times in epoch ms). */
export interface NotifiedAlert {
  status: 'firing' | 'resolved';
  fingerprint: string;
  labels: Labels;
  annotations: Labels;
  startsAt: number;
  /** Null while firing. */
  endsAt: number | null;
}

/** A group flush that passed deduplication: send it. */
export interface AlertGroupNotification {
  /** Stable id of the group, Alertmanager style: `{}:{area="API Performance", model="fraud-v3"}`. */
  groupKey: string;
  receiver: string;
  /** "firing" when any alert fires, else "resolved". */
  status: 'firing' | 'resolved';
  groupLabels: Labels;
  commonLabels: Labels;
  commonAnnotations: Labels;
  /** Firing first, then resolved; each by startsAt then fingerprint. */
  alerts: NotifiedAlert[];
  at: number;
  /** First notification of the group, new firing alerts, newly resolved alerts, or repeat_interval elapsed. */
  reason: 'new' | 'changed' | 'resolved' | 'repeat';
}

export interface GroupingOptions {
  /** Label names forming a group. `area` is always added: routing reads it. Default ["area", "model"]. */
  groupBy?: readonly string[];
  /** Wait before the first notification of a new group, to collect its siblings. Default 30 s. */
  groupWaitMs?: number;
  /** Wait between notifications about changes to a group. Default 5 m. */
  groupIntervalMs?: number;
  /** Re-send an unchanged firing group after this long. Default 4 h. */
  repeatIntervalMs?: number;
  /** Notify when alerts resolve. Default true. */
  sendResolved?: boolean;
  /** Receiver name carried into notifications. Default "vigil". */
  receiver?: string;
  /** Silences and maintenance windows: muted alerts are left out of notifications (and can't trigger one). */
  isMuted?: (labels: Labels, now: number) => boolean;
}

interface Group {
  key: string;
  labels: Labels;
  alerts: Map<string, NotifiedAlert>;
  nextFlushAt: number;
  hasFlushed: boolean;
  notified: { firing: Set<string>; resolved: Set<string>; at: number } | null;
}

/**
 * Alertmanager's aggregation groups and deduplication as a pure, clock-driven object.
 * A new group waits `groupWait`, then is flushed every `groupInterval`; a flush notifies when it holds
 * firing alerts not yet notified, newly resolved alerts, or when `repeatInterval` has passed since the
 * last notification. As in Alertmanager, an alert whose `startsAt + groupWait` already lies in the past
 * (a rule with `for`) flushes a new group at once.
 * @example
 * const grouper = new NotificationGrouper({ isMuted: createMuteCheck(silences, windows) });
 * grouper.ingest(tracker.listNotifiable(), now);
 * for (const n of grouper.flush(now)) await deliver(n);
 * // schedule the next call at grouper.nextFlushAt()
 */
export class NotificationGrouper {
  readonly #groups = new Map<string, Group>();
  readonly #groupBy: readonly string[];
  readonly #groupWaitMs: number;
  readonly #groupIntervalMs: number;
  readonly #repeatIntervalMs: number;
  readonly #sendResolved: boolean;
  readonly #receiver: string;
  readonly #isMuted: (labels: Labels, now: number) => boolean;

  constructor(options: GroupingOptions = {}) {
    const groupBy = options.groupBy ?? ['area', 'model'];
    this.#groupBy = [...new Set(['area', ...groupBy])].sort();
    this.#groupWaitMs = options.groupWaitMs ?? 30_000;
    this.#groupIntervalMs = options.groupIntervalMs ?? 300_000;
    this.#repeatIntervalMs = options.repeatIntervalMs ?? 4 * 3_600_000;
    this.#sendResolved = options.sendResolved ?? true;
    this.#receiver = options.receiver ?? 'vigil';
    this.#isMuted = options.isMuted ?? (() => false);
  }

  /** Offers the current state of some alerts at `now`. Alerts not offered keep their last state. */
  ingest(alerts: readonly NotifiableAlert[], now: number): void {
    for (const alert of alerts) {
      if (alert.state === 'pending') continue;
      const groupLabels = pickLabels(alert.labels, this.#groupBy);
      const key = formatGroupKey(groupLabels);
      let group = this.#groups.get(key);
      if (!group) {
        if (alert.state === 'resolved') continue; // nothing was announced, nothing to resolve
        group = {
          key,
          labels: groupLabels,
          alerts: new Map(),
          nextFlushAt: now + this.#groupWaitMs,
          hasFlushed: false,
          notified: null,
        };
        this.#groups.set(key, group);
      }
      group.alerts.set(alert.fingerprint, {
        status: alert.state,
        fingerprint: alert.fingerprint,
        labels: alert.labels,
        annotations: alert.annotations,
        startsAt: alert.activeAt,
        endsAt: alert.state === 'resolved' ? alert.resolvedAt : null,
      });
      if (!group.hasFlushed && alert.activeAt + this.#groupWaitMs < now)
        group.nextFlushAt = Math.min(group.nextFlushAt, now);
    }
  }

  /** Flushes every group due at `now`; returns the notifications to send, ordered by group key. */
  flush(now: number): AlertGroupNotification[] {
    const out: AlertGroupNotification[] = [];
    for (const group of [...this.#groups.values()].sort((a, b) => (a.key < b.key ? -1 : 1))) {
      if (group.nextFlushAt > now) continue;
      const n = this.#flushGroup(group, now);
      if (n) out.push(n);
      let next = group.nextFlushAt + this.#groupIntervalMs;
      while (next <= now) next += this.#groupIntervalMs;
      group.nextFlushAt = next;
      group.hasFlushed = true;
      for (const a of [...group.alerts.values()]) if (a.status === 'resolved') group.alerts.delete(a.fingerprint);
      if (group.alerts.size === 0) this.#groups.delete(group.key);
    }
    return out;
  }

  /** When {@link flush} next has work, or null with no groups. */
  nextFlushAt(): number | null {
    let next: number | null = null;
    for (const g of this.#groups.values()) if (next === null || g.nextFlushAt < next) next = g.nextFlushAt;
    return next;
  }

  /** Group keys currently held (for inspection and tests). */
  listGroupKeys(): string[] {
    return [...this.#groups.keys()].sort();
  }

  #flushGroup(group: Group, now: number): AlertGroupNotification | null {
    const unmuted = [...group.alerts.values()].filter((a) => !this.#isMuted(a.labels, now));
    const firing = unmuted.filter((a) => a.status === 'firing').sort(byStart);
    const resolved = this.#sendResolved ? unmuted.filter((a) => a.status === 'resolved').sort(byStart) : [];
    const reason = this.#needsUpdate(group, firing, resolved, now);
    if (!reason) return null;
    group.notified = {
      firing: new Set(firing.map((a) => a.fingerprint)),
      resolved: new Set(resolved.map((a) => a.fingerprint)),
      at: now,
    };
    return describeGroup(
      { groupKey: group.key, receiver: this.#receiver, groupLabels: group.labels },
      [...firing, ...resolved],
      now,
      reason,
    );
  }

  /**
   * Forgets the group's resolved alerts after their resolution was announced outside the group_interval grid
   * (the incident manager resolves an incident, and tells its channels, at the evaluation its last alert
   * resolved). Nothing about them is sent again at the next flush, and an alert of the group that fires again
   * counts as not yet notified. A group left empty is deleted: its next alert starts a new group.
   */
  settle(groupKey: string): void {
    const group = this.#groups.get(groupKey);
    if (!group) return;
    for (const a of [...group.alerts.values()]) {
      if (a.status !== 'resolved') continue;
      group.alerts.delete(a.fingerprint);
      group.notified?.firing.delete(a.fingerprint);
      group.notified?.resolved.delete(a.fingerprint);
    }
    if (group.alerts.size === 0) this.#groups.delete(groupKey);
  }

  // Alertmanager's DedupStage.needsUpdate, with the reason kept for the record.
  #needsUpdate(
    group: Group,
    firing: NotifiedAlert[],
    resolved: NotifiedAlert[],
    now: number,
  ): AlertGroupNotification['reason'] | null {
    const entry = group.notified;
    if (!entry) return firing.length ? 'new' : null;
    if (!firing.every((a) => entry.firing.has(a.fingerprint))) return 'changed';
    if (firing.length === 0) return entry.firing.size > 0 && resolved.length > 0 ? 'resolved' : null;
    if (resolved.some((a) => !entry.resolved.has(a.fingerprint))) return 'resolved';
    return now - entry.at >= this.#repeatIntervalMs ? 'repeat' : null;
  }
}

/**
 * A group notification of these alerts: firing ones first (each by startsAt, then fingerprint), status "firing"
 * when any fires, labels and annotations every alert shares. Used by group flushes and by the incident manager
 * for the notifications it sends on its own (escalations, acknowledgements, resolutions) with the alerts' state
 * as of that moment.
 * @example describeGroup({ groupKey, receiver: 'vigil', groupLabels }, alerts, now, 'resolved')
 */
export function describeGroup(
  group: Pick<AlertGroupNotification, 'groupKey' | 'receiver' | 'groupLabels'>,
  alerts: readonly NotifiedAlert[],
  at: number,
  reason: AlertGroupNotification['reason'],
): AlertGroupNotification {
  const firing = alerts.filter((a) => a.status === 'firing').sort(byStart);
  const resolved = alerts.filter((a) => a.status === 'resolved').sort(byStart);
  const all = [...firing, ...resolved];
  return {
    ...group,
    status: firing.length ? 'firing' : 'resolved',
    commonLabels: commonOf(all.map((a) => a.labels)),
    commonAnnotations: commonOf(all.map((a) => a.annotations)),
    alerts: all,
    at,
    reason,
  };
}

/**
 * Alertmanager's group key text for the root route.
 * @example formatGroupKey({ model: 'm', area: 'Compliance' }) // '{}:{area="Compliance", model="m"}'
 */
export function formatGroupKey(groupLabels: Labels): string {
  const parts = Object.keys(groupLabels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(groupLabels[k])}`);
  return `{}:{${parts.join(', ')}}`;
}

function pickLabels(labels: Labels, names: readonly string[]): Labels {
  const out: Record<string, string> = {};
  for (const n of names) if (labels[n] !== undefined && labels[n] !== '') out[n] = labels[n];
  return out;
}

function commonOf(sets: readonly Labels[]): Labels {
  if (sets.length === 0) return {};
  const out: Record<string, string> = { ...sets[0] };
  for (const s of sets.slice(1)) for (const k of Object.keys(out)) if (s[k] !== out[k]) delete out[k];
  return out;
}

function byStart(a: NotifiedAlert, b: NotifiedAlert): number {
  return a.startsAt - b.startsAt || (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0);
}
