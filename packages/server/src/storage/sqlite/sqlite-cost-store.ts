import type Database from 'better-sqlite3';
import type { Budget, CostStore, PriceVersion, RoiInputsRecord } from '../contracts/index.js';

interface PriceRow {
  version: number;
  provider: string;
  model: string;
  input_per_mtok: number;
  output_per_mtok: number;
  valid_from: number;
  created_at: number;
  api_key_name: string | null;
  note: string | null;
}

const toPrice = (r: PriceRow): PriceVersion => ({
  version: r.version,
  provider: r.provider,
  model: r.model,
  inputPerMTok: r.input_per_mtok,
  outputPerMTok: r.output_per_mtok,
  validFrom: r.valid_from,
  createdAtMs: r.created_at,
  apiKeyName: r.api_key_name,
  note: r.note,
});

/** Cost tables (migration 005): the append-only LLM price table, monthly budgets, the report's ROI inputs. */
export class SqliteCostStore implements CostStore {
  constructor(private readonly db: Database.Database) {}

  async listPrices(): Promise<PriceVersion[]> {
    return (this.db.prepare('SELECT * FROM llm_prices ORDER BY version').all() as PriceRow[]).map(toPrice);
  }

  async addPrices(prices: Array<Omit<PriceVersion, 'version'>>): Promise<PriceVersion[]> {
    const insert = this.db.prepare(
      'INSERT INTO llm_prices (provider, model, input_per_mtok, output_per_mtok, valid_from, created_at, api_key_name, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    return this.db.transaction(() =>
      prices.map((p) => {
        const info = insert.run(
          p.provider,
          p.model,
          p.inputPerMTok,
          p.outputPerMTok,
          p.validFrom,
          p.createdAtMs,
          p.apiKeyName,
          p.note,
        );
        return { ...p, version: Number(info.lastInsertRowid) };
      }),
    )();
  }

  async listBudgets(): Promise<Budget[]> {
    const rows = this.db
      .prepare('SELECT scope, target, monthly_usd, updated_at FROM cost_budgets ORDER BY scope, target')
      .all() as Array<{
      scope: Budget['scope'];
      target: string;
      monthly_usd: number;
      updated_at: number;
    }>;
    return rows.map((r) => ({
      scope: r.scope,
      target: r.target,
      monthlyUsd: r.monthly_usd,
      updatedAtMs: r.updated_at,
    }));
  }

  async replaceBudgets(budgets: Budget[]): Promise<void> {
    const insert = this.db.prepare(
      'INSERT INTO cost_budgets (scope, target, monthly_usd, updated_at) VALUES (?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM cost_budgets').run();
      for (const b of budgets) insert.run(b.scope, b.target, b.monthlyUsd, b.updatedAtMs);
    })();
  }

  async getRoiInputs(): Promise<RoiInputsRecord | null> {
    const row = this.db.prepare('SELECT inputs, updated_at, api_key_name FROM report_roi_inputs WHERE id = 1').get() as
      { inputs: string; updated_at: number; api_key_name: string | null } | undefined;
    return row
      ? { inputs: JSON.parse(row.inputs) as unknown, updatedAtMs: row.updated_at, apiKeyName: row.api_key_name }
      : null;
  }

  async putRoiInputs(record: RoiInputsRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO report_roi_inputs (id, inputs, updated_at, api_key_name) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET inputs = excluded.inputs, updated_at = excluded.updated_at, api_key_name = excluded.api_key_name`,
      )
      .run(JSON.stringify(record.inputs), record.updatedAtMs, record.apiKeyName);
  }
}
