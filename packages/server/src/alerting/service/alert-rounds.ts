import type { AlertInstance } from '../evaluation/alert-state.js';
import type { AlertGroupNotification } from '../evaluation/notification-grouper.js';
import type { RaciMatrix } from '../routing/raci-matrix.js';
import type { Team } from '../routing/team-directory.js';
import type { AlertRule } from '../rules/rule-schema.js';

/** The RACI matrix and teams as read at the start of a round. */
export interface RoutingContext {
  matrix: RaciMatrix;
  teams: ReadonlyMap<string, Team>;
}

/** What the scheduler knows of the alerts in a group: their tracker state and rules. */
export interface AlertLookup {
  alert(fingerprint: string): AlertInstance | undefined;
  rule(ruleId: string): AlertRule | undefined;
}

/**
 * Where an evaluation round hands its alert groups: the incidents stage implements it
 * (incidents/service/incident-manager.ts), so alerting depends on nothing downstream.
 */
export interface AlertGroupHandler {
  /** A group flush: open or join its incident, or resolve it; deliver to the routed channels. */
  handleGroup(
    group: AlertGroupNotification,
    now: number,
    routing: RoutingContext,
    lookup: AlertLookup,
  ): Promise<unknown>;
  /** Resolves the incidents none of whose alerts fire any more; returns their ids. */
  resolveRecovered(now: number, routing: RoutingContext, lookup: AlertLookup): Promise<string[]>;
  /** Runs the escalation steps that fell due; returns how many actions ran. */
  tickEscalations(now: number, routing: RoutingContext, lookup: AlertLookup): Promise<number>;
  /** When the next escalation step falls due (null: none pending), so the timer wakes for it. */
  nextEscalationDue(lookup: AlertLookup): Promise<number | null>;
}

/** Work checked at the end of every round: the daily digest (incidents/service/daily-digest-job.ts). */
export interface RoundJob {
  nextDueAt(now: number): number;
  runIfDue(now: number, routing: RoutingContext): Promise<unknown>;
}

/** What other stages may do between rounds (incidents acknowledge and resolve through it). */
export interface AlertRounds {
  /** Runs `work` between evaluation rounds, never during one. */
  runExclusive<T>(work: () => Promise<T>): Promise<T>;
  alertLookup(): AlertLookup;
  loadRouting(): Promise<RoutingContext>;
}
