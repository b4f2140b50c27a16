import type {
  ArchivedReportMeta,
  ArchivedReportRecord,
  ReportArchiveStore,
  ReportCadence,
  ReportDeliveryRecord,
} from '../contracts/index.js';
import type { PostgresDb } from './postgres-db.js';

interface MetaRow {
  id: string;
  cadence: ReportCadence;
  period_from: number;
  period_to: number;
  generated_at: number;
  has_pdf: boolean;
  pdf_unavailable_reason: string | null;
  deliveries: string;
}

const META =
  'id, cadence, period_from, period_to, generated_at, pdf IS NOT NULL AS has_pdf, pdf_unavailable_reason, deliveries';

const toMeta = (r: MetaRow): ArchivedReportMeta => ({
  id: r.id,
  cadence: r.cadence,
  periodFrom: r.period_from,
  periodTo: r.period_to,
  generatedAt: r.generated_at,
  hasPdf: r.has_pdf,
  pdfUnavailableReason: r.pdf_unavailable_reason,
  deliveries: JSON.parse(r.deliveries) as ReportDeliveryRecord[],
});

/** The scheduled report archive and schedule (migration 4). One row per cadence and period, whatever node claims it. */
export class PostgresReportArchiveStore implements ReportArchiveStore {
  constructor(private readonly db: PostgresDb) {}

  async add(r: ArchivedReportRecord): Promise<{ created: boolean }> {
    const rows = await this.db.query(
      `INSERT INTO report_archive (id, cadence, period_from, period_to, generated_at, numbers, html, pdf, pdf_unavailable_reason, deliveries)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (cadence, period_from) DO NOTHING RETURNING 1`,
      [
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
      ],
    );
    return { created: rows.length === 1 };
  }

  async setDeliveries(id: string, deliveries: readonly ReportDeliveryRecord[]): Promise<void> {
    await this.db.query('UPDATE report_archive SET deliveries = $1 WHERE id = $2', [JSON.stringify(deliveries), id]);
  }

  async get(id: string): Promise<ArchivedReportRecord | null> {
    const row = await this.db.one<Omit<MetaRow, 'has_pdf'> & { numbers: string; html: string; pdf: Buffer | null }>(
      'SELECT * FROM report_archive WHERE id = $1',
      [id],
    );
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
    const row = await this.db.one<MetaRow>(
      `SELECT ${META} FROM report_archive WHERE cadence = $1 AND period_from = $2`,
      [cadence, periodFrom],
    );
    return row ? toMeta(row) : null;
  }

  async list(query: { limit?: number }): Promise<ArchivedReportMeta[]> {
    const limit = Math.max(1, Math.min(query.limit ?? 100, 1_000));
    return (
      await this.db.query<MetaRow>(`SELECT ${META} FROM report_archive ORDER BY period_from DESC, cadence LIMIT $1`, [
        limit,
      ])
    ).map(toMeta);
  }

  async getSchedule(): Promise<unknown> {
    const row = await this.db.one<{ body: string }>('SELECT body FROM report_schedule WHERE id = 1');
    return row ? (JSON.parse(row.body) as unknown) : null;
  }

  async putSchedule(schedule: unknown): Promise<void> {
    await this.db.query(
      'INSERT INTO report_schedule (id, body) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET body = excluded.body',
      [JSON.stringify(schedule)],
    );
  }
}
