import type { PriceVersion } from '../../storage/contracts/cost-store.js';

/**
 * The version of `requestModel`'s price that applies at `atMs`: the one with the latest `validFrom` not after
 * `atMs` (a later version number wins a tie). Null when the table has no price for it yet at that time.
 * Model names compare case-insensitively (providers report "GPT-4o" and "gpt-4o" alike).
 * @example priceFor(versions, 'gpt-4o-mini', Date.UTC(2026, 10, 1))?.version
 */
export function priceFor(prices: readonly PriceVersion[], requestModel: string, atMs: number): PriceVersion | null {
  const name = requestModel.toLowerCase();
  let best: PriceVersion | null = null;
  for (const p of prices) {
    if (p.model.toLowerCase() !== name || p.validFrom > atMs) continue;
    if (!best || p.validFrom > best.validFrom || (p.validFrom === best.validFrom && p.version > best.version)) best = p;
  }
  return best;
}

/**
 * USD for a number of tokens at one price version: (input × input $/M + output × output $/M) ÷ 1,000,000.
 * @example costOfTokens({ inputPerMTok: 0.15, outputPerMTok: 0.6 }, 1_000_000, 500_000) // 0.45
 */
export function costOfTokens(
  price: Pick<PriceVersion, 'inputPerMTok' | 'outputPerMTok'>,
  inputTokens: number,
  outputTokens: number,
): number {
  return (inputTokens * price.inputPerMTok + outputTokens * price.outputPerMTok) / 1e6;
}

/** The price of each (provider, model) in force at `atMs`, sorted by provider then model. */
export function currentPrices(prices: readonly PriceVersion[], atMs: number): PriceVersion[] {
  const models = new Map<string, string>();
  for (const p of prices) models.set(`${p.provider}\u0000${p.model.toLowerCase()}`, p.model);
  const out: PriceVersion[] = [];
  for (const model of new Set(models.values())) {
    const p = priceFor(prices, model, atMs);
    if (p && !out.includes(p)) out.push(p);
  }
  return out.sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));
}

/** True when an equal version (same provider, model, prices and validFrom) is already in the table. */
export function isKnownPrice(
  prices: readonly PriceVersion[],
  p: Pick<PriceVersion, 'provider' | 'model' | 'inputPerMTok' | 'outputPerMTok' | 'validFrom'>,
): boolean {
  return prices.some(
    (q) =>
      q.provider === p.provider &&
      q.model.toLowerCase() === p.model.toLowerCase() &&
      q.inputPerMTok === p.inputPerMTok &&
      q.outputPerMTok === p.outputPerMTok &&
      q.validFrom === p.validFrom,
  );
}

export interface PricedCell {
  bucketStart: number;
  inputTokens: number;
  outputTokens: number;
}

export interface TokenEstimate {
  estimatedUsd: number;
  /** Tokens priced per version, in version order. */
  byVersion: Array<{
    version: number;
    provider: string;
    model: string;
    validFrom: number;
    inputTokens: number;
    outputTokens: number;
    costUsd: number;
  }>;
  /** Tokens in cells that start before any version of the model was valid. */
  unpriced: { inputTokens: number; outputTokens: number };
}

/**
 * Prices token totals of rollup cells with the version valid at each cell's start (a version valid from
 * mid-day applies from the first cell starting at or after it).
 * @example estimateTokenCost(versions, 'gpt-4o-mini', [{ bucketStart: t, inputTokens: 1e6, outputTokens: 0 }]).estimatedUsd
 */
export function estimateTokenCost(
  prices: readonly PriceVersion[],
  requestModel: string,
  cells: readonly PricedCell[],
): TokenEstimate {
  const byVersion = new Map<number, TokenEstimate['byVersion'][number]>();
  const unpriced = { inputTokens: 0, outputTokens: 0 };
  for (const c of cells) {
    const p = priceFor(prices, requestModel, c.bucketStart);
    if (!p) {
      unpriced.inputTokens += c.inputTokens;
      unpriced.outputTokens += c.outputTokens;
      continue;
    }
    let row = byVersion.get(p.version);
    if (!row)
      byVersion.set(
        p.version,
        (row = {
          version: p.version,
          provider: p.provider,
          model: p.model,
          validFrom: p.validFrom,
          inputTokens: 0,
          outputTokens: 0,
          costUsd: 0,
        }),
      );
    row.inputTokens += c.inputTokens;
    row.outputTokens += c.outputTokens;
  }
  const rows = [...byVersion.values()].sort((a, b) => a.version - b.version);
  for (const r of rows)
    r.costUsd = costOfTokens(
      prices.find((p) => p.version === r.version)!,
      r.inputTokens,
      r.outputTokens,
    );
  return { estimatedUsd: rows.reduce((s, r) => s + r.costUsd, 0), byVersion: rows, unpriced };
}
