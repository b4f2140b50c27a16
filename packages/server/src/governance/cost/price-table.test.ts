import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costOfTokens, estimateTokenCost, priceFor } from './price-table.js';
import type { PriceVersion } from '../../storage/contracts/cost-store.js';

const v = (
  version: number,
  model: string,
  validFrom: number,
  inputPerMTok: number,
  outputPerMTok: number,
): PriceVersion => ({
  version,
  provider: 'openai',
  model,
  inputPerMTok,
  outputPerMTok,
  validFrom,
  createdAtMs: 0,
  apiKeyName: null,
  note: null,
});
const table = [
  v(1, 'gpt-4o', 100, 2.5, 10),
  v(2, 'gpt-4o', 200, 2, 8),
  v(3, 'GPT-4o', 200, 1, 4),
  v(4, 'gpt-4o-mini', 0, 0.15, 0.6),
];

test('priceFor: the latest validFrom not after the time; a later version wins a tie; names compare case-insensitively', () => {
  assert.equal(priceFor(table, 'gpt-4o', 99), null);
  assert.equal(priceFor(table, 'gpt-4o', 100)?.version, 1);
  assert.equal(priceFor(table, 'gpt-4o', 199)?.version, 1);
  assert.equal(priceFor(table, 'gpt-4o', 200)?.version, 3);
  assert.equal(priceFor(table, 'GPT-4O-MINI', 5)?.version, 4);
});

test('token cost and estimates per version', () => {
  assert.equal(costOfTokens({ inputPerMTok: 0.15, outputPerMTok: 0.6 }, 1_000_000, 500_000), 0.45);
  const est = estimateTokenCost(table, 'gpt-4o', [
    { bucketStart: 50, inputTokens: 7, outputTokens: 7 },
    { bucketStart: 150, inputTokens: 1_000_000, outputTokens: 0 },
    { bucketStart: 250, inputTokens: 0, outputTokens: 1_000_000 },
  ]);
  assert.deepEqual(
    est.byVersion.map((r) => [r.version, r.costUsd]),
    [
      [1, 2.5],
      [3, 4],
    ],
  );
  assert.equal(est.estimatedUsd, 6.5);
  assert.deepEqual(est.unpriced, { inputTokens: 7, outputTokens: 7 });
});
