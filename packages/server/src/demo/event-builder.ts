import type { VigilEvent } from '@vigil/sdk';
import { DRINKS, LOYALTY_TIERS, STORES, type DemoEndpoint } from './coffee-models.js';
import type { SimCall } from './call-draw.js';
import type { SeededRandom } from './seeded-random.js';

const MINUTE_MS = 60_000;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** The forecaster was trained on temperatures up to this; above it, it under-forecasts iced drinks. */
const TRAINED_MAX_TEMPERATURE = 24;

/** Ground truth to send later: `label` for the event's requestId, `delayMs` after the prediction. */
export interface PlannedLabel {
  delayMs: number;
  label: string | number;
}

export interface BuildContext {
  /** Local hour of day (0–23) and weekday (0 = Sunday) of the shops. */
  hour: number;
  weekday: number;
  /** Degrees the forecaster's temperature input has crept up by now (the slow input drift). */
  temperatureDrift: number;
  /** The version that served the call (history before a release); default the endpoint's current one. */
  modelVersion?: string;
  /**
   * The store of the call; default drawn at random. The backfill spreads its few dozen samples of an hour over
   * the stores evenly, so an hour's store mix is not a lottery of 24 categories over a handful of rows.
   */
  store?: string;
}

/**
 * Turns a simulated call into the event a customer's service would record — features, prediction, LLM
 * or image details, tagged `demo: "true"` — and plans its ground truth, if any (the recommender learns
 * what was bought minutes later; the forecaster learns actual demand hours later).
 */
export function buildDemoEvent(
  ep: DemoEndpoint,
  call: SimCall,
  timestampMs: number,
  ctx: BuildContext,
  rng: SeededRandom,
): { event: VigilEvent; label: PlannedLabel | null } {
  const store = ctx.store ?? rng.pick(STORES);
  const event: VigilEvent = {
    model: ep.model,
    modelType: ep.modelType,
    modelVersion: ctx.modelVersion ?? ep.modelVersion,
    endpoint: ep.endpoint,
    timestamp: timestampMs,
    latencyMs: call.latencyMs,
    costUsd: call.costUsd,
    tags: { demo: 'true', store },
  };
  if (call.isError) {
    event.status = 'error';
    event.errorType = call.errorType ?? 'unknown';
  }
  let label: PlannedLabel | null = null;
  switch (ep.endpoint) {
    case 'POST /v1/recommend':
      label = addRecommendation(event, store, ctx, rng, call.isError);
      break;
    case 'GET /v1/recommend/popular':
      event.features = { store, hour: ctx.hour };
      if (!call.isError)
        event.prediction = { label: ctx.hour < 11 ? 'latte' : 'cold-brew', score: round3(0.3 + 0.2 * rng.next()) };
      break;
    case 'POST /v1/forecast':
      label = addForecast(event, store, ctx, rng, call.isError);
      break;
    case 'POST /v1/chat':
      if (call.llm) {
        event.llm = {
          ...call.llm,
          inputTokens: call.inputTokens ?? 0,
          outputTokens: call.outputTokens ?? 0,
          ...(call.ttftMs !== null ? { ttftMs: call.ttftMs } : {}),
          promptLength: (call.inputTokens ?? 0) * 4,
          responseLength: (call.outputTokens ?? 0) * 4,
        };
      }
      event.features = {
        channel: rng.chance(0.7) ? 'app' : 'kiosk',
        language: rng.pickWeighted(['en', 'es', 'fr'], [0.8, 0.15, 0.05]),
      };
      break;
    case 'POST /v1/latte-art/score':
      addLatteArt(event, rng, call.isError);
      break;
  }
  return { event, label };
}

function addRecommendation(
  event: VigilEvent,
  store: string,
  ctx: BuildContext,
  rng: SeededRandom,
  isError: boolean,
): PlannedLabel | null {
  const temperature = 12 + ctx.temperatureDrift + 6 * rng.normal();
  const weather =
    temperature > 27
      ? 'hot'
      : temperature < 1
        ? 'snow'
        : rng.pickWeighted(['sunny', 'cloudy', 'rain'], [0.45, 0.35, 0.2]);
  const loyalty = rng.pickWeighted(LOYALTY_TIERS, [0.45, 0.3, 0.2, 0.05]);
  const basket = 1 + Math.floor(-Math.log(1 - rng.next()) * 1.2);
  event.features = { hour: ctx.hour, weather, store, loyalty_tier: loyalty, basket_size: basket };
  if (isError) return null;
  // Morning favours hot milk drinks, heat favours iced ones; the model is calibrated, so what the
  // customer buys is drawn from its own probabilities (accuracy ≈ the mean top score).
  const logits = DRINKS.map((d) => {
    let l = rng.normal() * 0.6;
    if (ctx.hour < 11 && (d === 'latte' || d === 'cappuccino' || d === 'flat-white' || d === 'americano')) l += 1.2;
    if ((weather === 'hot' || weather === 'sunny') && (d === 'cold-brew' || d === 'iced-latte'))
      l += weather === 'hot' ? 2 : 0.8;
    if (loyalty === 'gold' || loyalty === 'platinum') l += d === 'flat-white' ? 0.8 : 0;
    return l;
  });
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  const probabilities: Record<string, number> = {};
  let best = 0;
  DRINKS.forEach((d, i) => {
    probabilities[d] = round3(exps[i]! / sum);
    if (exps[i]! > exps[best]!) best = i;
  });
  event.prediction = { label: DRINKS[best]!, score: probabilities[DRINKS[best]!]!, probabilities };
  // Only loyalty-app customers are identified at the till: about 60% of recommendations get a label.
  if (!rng.chance(0.6)) return null;
  const bought = rng.pickWeighted(
    DRINKS,
    DRINKS.map((d) => probabilities[d]!),
  );
  return { delayMs: Math.min(180, Math.max(1, rng.logNormal(6, 0.8))) * MINUTE_MS, label: bought };
}

function addForecast(
  event: VigilEvent,
  store: string,
  ctx: BuildContext,
  rng: SeededRandom,
  isError: boolean,
): PlannedLabel | null {
  const temperature = round1(
    13 + 5 * Math.sin(((ctx.hour - 9) / 24) * 2 * Math.PI) + ctx.temperatureDrift + 4 * rng.normal(),
  );
  const promo = rng.chance(0.15);
  event.features = { store, weekday: WEEKDAYS[ctx.weekday]!, temperature, promo };
  if (isError) return null;
  const weekendBoost = ctx.weekday === 0 || ctx.weekday === 6 ? 1.15 : 1;
  const demand = (t: number) => (120 + 3.5 * Math.max(0, t - 15)) * weekendBoost * (promo ? 1.25 : 1);
  const forecast = demand(Math.min(temperature, TRAINED_MAX_TEMPERATURE)) * (1 + 0.04 * rng.normal());
  const actual = demand(temperature) * (1 + 0.08 * rng.normal());
  event.prediction = Math.round(forecast);
  // Actual demand is known when the hour being forecast has closed: one to a few hours later.
  return {
    delayMs: Math.min(6 * 60, Math.max(60, rng.logNormal(100, 0.4))) * MINUTE_MS,
    label: Math.max(0, Math.round(actual)),
  };
}

function addLatteArt(event: VigilEvent, rng: SeededRandom, isError: boolean): void {
  const [width, height] = rng.pickWeighted(
    [
      [1280, 960],
      [1024, 768],
      [640, 480],
    ] as const,
    [0.5, 0.35, 0.15],
  );
  const brightness = round3(Math.min(1, Math.max(0, 0.55 + 0.12 * rng.normal())));
  event.vision = { width, height, brightness, format: rng.chance(0.8) ? 'jpeg' : 'webp' };
  if (isError) return;
  // Dim photos score worse: the camera, not the barista.
  const quality = 0.6 + 0.5 * (brightness - 0.55) + 0.2 * rng.normal();
  const label = quality > 0.7 ? 'good' : quality > 0.45 ? 'ok' : 'poor';
  event.prediction = {
    label,
    score: round3(Math.min(0.99, Math.max(0.34, 0.55 + Math.abs(quality - 0.575) * 1.2 + 0.05 * rng.normal()))),
  };
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
