import type { Migration } from './migration.js';

export const cost: Migration = {
  version: 5,
  name: 'cost: versioned LLM price table, monthly budgets, executive-report ROI inputs',
  sql: `
    -- Append-only: a price change is a new row, so every estimate can name the version it applied.
    CREATE TABLE llm_prices (
      version INTEGER PRIMARY KEY AUTOINCREMENT,
      provider TEXT NOT NULL,
      model TEXT NOT NULL,
      input_per_mtok REAL NOT NULL,
      output_per_mtok REAL NOT NULL,
      valid_from INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      api_key_name TEXT,
      note TEXT
    );
    CREATE INDEX llm_prices_model ON llm_prices (model, valid_from);

    CREATE TABLE cost_budgets (
      scope TEXT NOT NULL,
      target TEXT NOT NULL,
      monthly_usd REAL NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (scope, target)
    );

    CREATE TABLE report_roi_inputs (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      inputs TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      api_key_name TEXT
    );
  `,
};
