import type Database from 'better-sqlite3';
import type {
  ArchivedReportMeta,
  ArchivedReportRecord,
  ReportArchiveStore,
  ReportCadence,
  ReportDeliveryRecord,
} from '../contracts/index.js';

interface MetaRow {
  id: string;
  cadence: ReportCadence;
  period_from: number;
  period_to: number;
  generated_at: number;
  has_pdf: number;
  pdf_unavailable_reason: string | null;
  deliveries: string;
}

const META = `id, cadence, period_from, period_to, generated_at, pdf IS NOT NULL AS has_pdf, pdf_unavailable_reason, deliveries`;

const toMeta = (r: MetaRow): ArchivedReportMeta => ({
  id: r.id,
  cadence: r.cadence,
  periodFrom: r.period_from,
  periodTo: r.period_to,
  generatedAt: r.generated_at,
  hasPdf: r.has_pdf === 1,
  pdfUnavailableReason: r.pdf_unavailable_reason,
  deliveries: JSON.parse(r.deliveries) as ReportDeliveryRecord[],
});

/** The scheduled report archive and schedule (migration 191). */
export class SqliteReportArchiveStore implements ReportArchiveStore {
  constructor(private readonly db: Database.Database) {}

  async add(r: ArchivedReportRecord): Promise<{ created: boolean }> {
    const info = this.db
      .prepare(
        `INSERT INTO report_archive (id, cadence, period_from, period_to, generated_at, numbers, html, pdf, pdf_unavailable_reason, deliveries)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (cadence, period_from) DO NOTHING`,
      )
      .run(
        r.id,
        r.cadence,
        r.periodFrom,
        r.periodTo,
        r.generatedAt,
        JSON.stringify(r.numbers),
        r.html,
        r.pdf === null ? null : Buffer.from(r.pdf),
        r.pdfUnavailableReason,
        JSON.stringify(r.deliveries),
      );
    return { created: info.changes === 1 };
  }

  async setDeliveries(id: string, deliveries: readonly ReportDeliveryRecord[]): Promise<void> {
    this.db.prepare('UPDATE report_archive SET deliveries = ? WHERE id = ?').run(JSON.stringify(deliveries), id);
  }

  async get(id: string): Promise<ArchivedReportRecord | null> {
    const row = this.db.prepare('SELECT * FROM report_archive WHERE id = ?').get(id) as
      (Omit<MetaRow, 'has_pdf'> & { numbers: string; html: string; pdf: Buffer | null }) | undefined;
    if (!row) return null;
    return {
      id: row.id,
      cadence: row.cadence,
      periodFrom: row.period_from,
      periodTo: row.period_to,
      generatedAt: row.generated_at,
      pdfUnavailableReason: row.pdf_unavailable_reason,
      deliveries: JSON.parse(row.deliveries) as ReportDeliveryRecord[],
      numbers: JSON.parse(row.numbers) as unknown,
      html: row.html,
      pdf: row.pdf === null ? null : new Uint8Array(row.pdf),
    };
  }

  async findByPeriod(cadence: ReportCadence, periodFrom: number): Promise<ArchivedReportMeta | null> {
    const row = this.db
      .prepare(`SELECT ${META} FROM report_archive WHERE cadence = ? AND period_from = ?`)
      .get(cadence, periodFrom) as MetaRow | undefined;
    return row ? toMeta(row) : null;
  }

  async list(query: { limit?: number }): Promise<ArchivedReportMeta[]> {
    const limit = Math.max(1, Math.min(query.limit ?? 100, 1_000));
    return (
      this.db
        .prepare(`SELECT ${META} FROM report_archive ORDER BY period_from DESC, cadence LIMIT ?`)
        .all(limit) as MetaRow[]
    ).map(toMeta);
  }

  async getSchedule(): Promise<unknown> {
    const row = this.db.prepare('SELECT body FROM report_schedule WHERE id = 1').get() as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as unknown) : null;
  }

  async putSchedule(schedule: unknown): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO report_schedule (id, body) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body',
      )
      .run(JSON.stringify(schedule));
  }
}
