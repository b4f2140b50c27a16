import type { Migration } from './migration.js';

export const eventPricing: Migration = {
  version: 8,
  name: 'events priced at ingest: the LLM price-table version applied',
  sql: `
    -- Set when an LLM event came without costUsd and cost_usd was computed from its tokens at ingest.
    ALTER TABLE events ADD COLUMN price_version INTEGER;
  `,
};
