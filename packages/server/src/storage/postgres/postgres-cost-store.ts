import type { Budget, CostStore, PriceVersion, RoiInputsRecord } from '../contracts/index.js';
import type { PostgresDb } from './postgres-db.js';

const PRICE_COLUMNS = `version, provider, model, input_per_mtok AS "inputPerMTok", output_per_mtok AS "outputPerMTok",
  valid_from AS "validFrom", created_at AS "createdAtMs", api_key_name AS "apiKeyName", note`;

/** Cost tables: the append-only LLM price table, monthly budgets, the report's ROI inputs. */
export class PostgresCostStore implements CostStore {
  constructor(private readonly db: PostgresDb) {}

  async listPrices(): Promise<PriceVersion[]> {
    return this.db.query<PriceVersion>(`SELECT ${PRICE_COLUMNS} FROM llm_prices ORDER BY version`);
  }

  async addPrices(prices: Array<Omit<PriceVersion, 'version'>>): Promise<PriceVersion[]> {
    return this.db.transaction(async (tx) => {
      const out: PriceVersion[] = [];
      for (const p of prices) {
        const r = await tx.query<{ version: number }>(
          `INSERT INTO llm_prices (provider, model, input_per_mtok, output_per_mtok, valid_from, created_at, api_key_name, note)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING version`,
          [p.provider, p.model, p.inputPerMTok, p.outputPerMTok, p.validFrom, p.createdAtMs, p.apiKeyName, p.note],
        );
        out.push({ ...p, version: Number(r.rows[0]!.version) });
      }
      return out;
    });
  }

  async listBudgets(): Promise<Budget[]> {
    return this.db.query<Budget>(
      'SELECT scope, target, monthly_usd AS "monthlyUsd", updated_at AS "updatedAtMs" FROM cost_budgets ORDER BY scope, target',
    );
  }

  async replaceBudgets(budgets: Budget[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM cost_budgets');
      for (const b of budgets)
        await tx.query('INSERT INTO cost_budgets (scope, target, monthly_usd, updated_at) VALUES ($1, $2, $3, $4)', [
          b.scope,
          b.target,
          b.monthlyUsd,
          b.updatedAtMs,
        ]);
    });
  }

  async getRoiInputs(): Promise<RoiInputsRecord | null> {
    const row = await this.db.one<{ inputs: string; updatedAtMs: number; apiKeyName: string | null }>(
      'SELECT inputs, updated_at AS "updatedAtMs", api_key_name AS "apiKeyName" FROM report_roi_inputs WHERE id = 1',
    );
    return row ? { ...row, inputs: JSON.parse(row.inputs) as unknown } : null;
  }

  async putRoiInputs(record: RoiInputsRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO report_roi_inputs (id, inputs, updated_at, api_key_name) VALUES (1, $1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET inputs = excluded.inputs, updated_at = excluded.updated_at, api_key_name = excluded.api_key_name`,
      [JSON.stringify(record.inputs), record.updatedAtMs, record.apiKeyName],
    );
  }
}
