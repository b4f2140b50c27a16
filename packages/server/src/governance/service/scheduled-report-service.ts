import { randomUUID } from 'node:crypto';
import type {
  ArchivedReport,
  ArchivedReportSummary,
  ReportSchedule,
  ReportScheduleAnswer,
  ScheduledReportNumbers,
} from '@vigil/protocol';
import type { DeliveryDispatcher, Notification } from '../../alerting/index.js';
import { VigilError } from '../../errors/index.js';
import type { TuningService } from '../../incidents/index.js';
import type { ArchivedReportMeta, ReportCadence, ReportDeliveryRecord, Store } from '../../storage/index.js';
import {
  describePeriod,
  lastDuePeriod,
  periodContaining,
  renderReportHtml,
  renderReportText,
  type ReportPeriod,
} from '../scheduled-report/index.js';
import type { CostService } from './cost-service.js';
import { printReportPdf } from './report-pdf.js';
import { createReportService } from './report-service.js';
import { createScorecardService } from './scorecard-service.js';

export const DEFAULT_REPORT_SCHEDULE: ReportSchedule = {
  isEnabled: true,
  cadence: 'monthly',
  hourUtc: 6,
  teams: ['Executive', 'Business'],
};
const TOP_RULES = 10;

/**
 * The stored schedule document: the schedule, whether someone set it (else the default applies), and since
 * when the schedule runs — periods that ended before are never sent by the job (a new installation does not
 * mail an empty review of last month; `POST /reports/run` can still make one).
 */
interface StoredSchedule {
  schedule: ReportSchedule;
  isSet: boolean;
  activeSince: number;
}

export interface ScheduledReportServiceOptions {
  store: Store;
  now: () => number;
  cost: CostService;
  tuning: TuningService;
  dispatcher: DeliveryDispatcher;
  /** Chromium for the PDF (config `reportChromiumPath`). */
  chromiumPath: string;
  /** Base URL of the dashboard, for the link in Slack and Teams. */
  externalUrl: () => string | undefined;
}

/** Scheduled monitoring-effectiveness reports (docs/scheduled-reports.md). */
export interface ScheduledReportService {
  schedule(): Promise<ReportScheduleAnswer>;
  setSchedule(schedule: ReportSchedule): Promise<ReportScheduleAnswer>;
  list(limit?: number): Promise<ArchivedReportSummary[]>;
  get(id: string): Promise<ArchivedReport>;
  html(id: string): Promise<string>;
  /** The PDF; VIGIL_ERR_NOT_FOUND naming why when the report has none. */
  pdf(id: string): Promise<Uint8Array>;
  /** Generates, archives and (unless `deliver` is false) delivers the report of a period; 409 when archived already. */
  run(q: { cadence: ReportCadence; periodContaining?: number; deliver: boolean }): Promise<ArchivedReport>;
  /** The job: the latest due period of the schedule, unless archived already. Returns the report made, if any. */
  runIfDue(now: number): Promise<ArchivedReport | null>;
}

/**
 * The numbers are those of `GET /api/v1/report/executive?from&to` and `GET /api/v1/alerts/tuning?from&to`, as
 * of the period's last millisecond — the same services with their clock set there — so a report equals what the
 * API answered for its period, and stays frozen in the archive however the data changes later.
 * @example const reports = createScheduledReportService({ store, now, cost, tuning, dispatcher, chromiumPath, externalUrl });
 */
export function createScheduledReportService(options: ScheduledReportServiceOptions): ScheduledReportService {
  const { store, now, cost, tuning, dispatcher } = options;

  async function readStored(): Promise<StoredSchedule | null> {
    return (await store.reports.getSchedule()) as StoredSchedule | null;
  }

  async function readSchedule(): Promise<ReportScheduleAnswer> {
    const stored = await readStored();
    return { schedule: stored?.schedule ?? DEFAULT_REPORT_SCHEDULE, isStored: stored?.isSet === true };
  }

  async function computeNumbers(period: ReportPeriod): Promise<ScheduledReportNumbers> {
    const asOf = period.to - 1;
    const clock = () => asOf;
    const report = createReportService({
      store,
      now: clock,
      cost,
      scorecards: createScorecardService({ store, now: clock }),
    });
    const [executive, stats] = await Promise.all([
      report.executive({ from: period.from, to: period.to }),
      tuning.stats(period.from, period.to),
    ]);
    const topRules = stats.rules
      .filter((r) => r.firings > 0)
      .sort((a, b) => b.firings - a.firings || (a.ruleId < b.ruleId ? -1 : 1))
      .slice(0, TOP_RULES);
    return { executive, topRules };
  }

  async function deliver(
    id: string,
    period: ReportPeriod,
    numbers: ScheduledReportNumbers,
    html: string,
    pdf: Uint8Array | null,
    teams: readonly string[],
  ): Promise<ReportDeliveryRecord[]> {
    const base = options.externalUrl();
    const url = base ? `${base}/reports?report=${encodeURIComponent(id)}` : undefined;
    const { title, text } = renderReportText(numbers, period, url);
    const configured = new Map((await store.alerting.teams.list()).map((t) => [t.name, t]));
    const out: ReportDeliveryRecord[] = [];
    for (const teamName of teams) {
      const team = configured.get(teamName);
      if (!team) continue;
      const channelIds = [...new Set([...team.channels.notify, ...team.channels.digest])];
      const notification: Notification = {
        id: randomUUID(),
        kind: 'report',
        groupKey: `report:${period.cadence}:${period.from}:${teamName}`,
        receiver: teamName,
        status: 'firing',
        title,
        summary: text.split('\n')[0] ?? title,
        severity: 'info',
        area: 'Compliance',
        groupLabels: { team: teamName },
        commonLabels: { team: teamName },
        commonAnnotations: {},
        alerts: [],
        body: { text, html },
        ...(pdf && {
          attachments: [
            {
              filename: `vigil-review-${period.cadence}-${new Date(period.from).toISOString().slice(0, 10)}.pdf`,
              contentType: 'application/pdf',
              content: pdf,
            },
          ],
        }),
        ...(base && { externalUrl: base }),
        at: now(),
      };
      for (const channelId of channelIds) {
        const record = await dispatcher.deliver(notification, { channelId, team: teamName, purpose: 'report' }, id);
        out.push({
          team: teamName,
          channelId,
          channelKind: record.channelKind,
          ok: record.ok,
          skipped: record.skipped,
          error: record.error,
        });
      }
    }
    return out;
  }

  async function generate(period: ReportPeriod, teams: readonly string[], isDelivered: boolean) {
    const id = randomUUID();
    const generatedAt = now();
    const numbers = await computeNumbers(period);
    const base = options.externalUrl();
    const html = renderReportHtml(numbers, period, {
      generatedAt,
      url: base ? `${base}/reports?report=${encodeURIComponent(id)}` : undefined,
    });
    const printed = await printReportPdf(html, options.chromiumPath);
    const pdf = 'pdf' in printed ? printed.pdf : null;
    const record = {
      id,
      cadence: period.cadence,
      periodFrom: period.from,
      periodTo: period.to,
      generatedAt,
      numbers,
      html,
      pdf,
      pdfUnavailableReason: 'reason' in printed ? printed.reason : null,
      deliveries: [],
    };
    // Archived before delivery: the row claims the period, so no other run sends it again.
    if (!(await store.reports.add(record)).created) return null;
    const deliveries = isDelivered ? await deliver(id, period, numbers, html, pdf, teams) : [];
    await store.reports.setDeliveries(id, deliveries);
    return { report: summary({ ...record, hasPdf: pdf !== null, deliveries }), numbers };
  }

  async function load(id: string) {
    const r = await store.reports.get(id);
    if (!r) throw new VigilError('VIGIL_ERR_NOT_FOUND', `report "${id}" is not in the archive`);
    return r;
  }

  return {
    schedule: readSchedule,
    async setSchedule(schedule) {
      const activeSince = (await readStored())?.activeSince ?? now();
      await store.reports.putSchedule({ schedule, isSet: true, activeSince } satisfies StoredSchedule);
      return { schedule, isStored: true };
    },
    async list(limit) {
      return (await store.reports.list({ limit })).map(summary);
    },
    async get(id) {
      const r = await load(id);
      return { report: summary({ ...r, hasPdf: r.pdf !== null }), numbers: r.numbers as ScheduledReportNumbers };
    },
    async html(id) {
      return (await load(id)).html;
    },
    async pdf(id) {
      const r = await load(id);
      if (!r.pdf)
        throw new VigilError(
          'VIGIL_ERR_NOT_FOUND',
          `report "${id}" has no PDF: ${r.pdfUnavailableReason ?? 'unknown'}`,
        );
      return r.pdf;
    },
    async run({ cadence, periodContaining: at, deliver: isDelivered }) {
      const period = at === undefined ? lastDuePeriod(now(), cadence, 0) : periodContaining(at, cadence);
      if (period.to > now())
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `body.periodContaining: the ${describePeriod(period)} period has not ended yet; pick a time in an ended period`,
        );
      const made = await generate(period, (await readSchedule()).schedule.teams, isDelivered);
      if (!made)
        throw new VigilError(
          'VIGIL_ERR_ALREADY_EXISTS',
          `body.periodContaining: the ${cadence} report of ${describePeriod(period)} is archived already; GET /api/v1/reports/archive lists it`,
        );
      return made;
    },
    async runIfDue(at) {
      let stored = await readStored();
      if (!stored) {
        // First check of this installation: the schedule starts now, so no period that ended before it is sent.
        stored = { schedule: DEFAULT_REPORT_SCHEDULE, isSet: false, activeSince: at };
        await store.reports.putSchedule(stored);
      }
      const { schedule, activeSince } = stored;
      if (!schedule.isEnabled) return null;
      const period = lastDuePeriod(at, schedule.cadence, schedule.hourUtc);
      if (period.to <= activeSince) return null;
      if (await store.reports.findByPeriod(period.cadence, period.from)) return null;
      return generate(period, schedule.teams, true);
    },
  };
}

function summary(r: ArchivedReportMeta): ArchivedReportSummary {
  return {
    id: r.id,
    cadence: r.cadence,
    periodFrom: r.periodFrom,
    periodTo: r.periodTo,
    generatedAt: r.generatedAt,
    hasPdf: r.hasPdf,
    pdfUnavailableReason: r.pdfUnavailableReason,
    deliveries: r.deliveries,
  };
}

/**
 * Checks `runIfDue` at start-up and every `intervalMs` (0: never; tests call runIfDue); returns `stop`, which
 * waits for a run in progress.
 */
export function scheduleReports(
  reports: ScheduledReportService,
  opts: { now: () => number; intervalMs: number; log: { error(details: object, message: string): void } },
): () => Promise<void> {
  if (opts.intervalMs <= 0) return async () => undefined;
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= reports
      .runIfDue(opts.now())
      .then(
        () => undefined,
        (err: unknown) => opts.log.error({ err }, 'scheduled report failed; retrying at the next check'),
      )
      .finally(() => {
        running = null;
      });
  };
  run();
  const timer = setInterval(run, opts.intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
