import type { Migration } from './migration.js';

export const segmentWatermark: Migration = {
  version: 9,
  name: 'segment cells flushed on their own schedule: their watermark',
  sql: `
    -- Until now segment cells were written with the calls' cells, so they are complete up to the rollup watermark.
    INSERT OR IGNORE INTO meta (key, value) SELECT 'segment_watermark', value FROM meta WHERE key = 'rollup_watermark';
  `,
};
