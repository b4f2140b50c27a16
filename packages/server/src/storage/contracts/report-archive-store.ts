/**
 * The archive of scheduled reports (`Store.reports`): one row per cadence and period with its numbers frozen as
 * JSON, the HTML and the PDF as generated, and where it was delivered; plus the stored schedule. storage/sqlite
 * implements it (migration 191). Times are epoch ms.
 */
export type ReportCadence = 'monthly' | 'weekly';

export interface ReportDeliveryRecord {
  team: string;
  channelId: string;
  channelKind: string;
  ok: boolean;
  skipped: string | null;
  error: string | null;
}

export interface ArchivedReportMeta {
  id: string;
  cadence: ReportCadence;
  periodFrom: number;
  periodTo: number;
  generatedAt: number;
  hasPdf: boolean;
  pdfUnavailableReason: string | null;
  deliveries: ReportDeliveryRecord[];
}

export interface ArchivedReportRecord extends Omit<ArchivedReportMeta, 'hasPdf'> {
  /** The report's numbers as JSON-ready data, frozen. */
  numbers: unknown;
  html: string;
  pdf: Uint8Array | null;
}

export interface ReportArchiveStore {
  /**
   * Archives a report unless one of the same cadence and period is there already (another node or an earlier
   * run claimed it): `created` says which, so a period is generated and delivered once.
   */
  add(record: ArchivedReportRecord): Promise<{ created: boolean }>;
  setDeliveries(id: string, deliveries: readonly ReportDeliveryRecord[]): Promise<void>;
  get(id: string): Promise<ArchivedReportRecord | null>;
  findByPeriod(cadence: ReportCadence, periodFrom: number): Promise<ArchivedReportMeta | null>;
  /** Newest period first, at most `limit` (default 100). */
  list(query: { limit?: number }): Promise<ArchivedReportMeta[]>;
  /** The stored schedule document, or null when none was ever set. */
  getSchedule(): Promise<unknown>;
  putSchedule(schedule: unknown): Promise<void>;
}
