import { Vigil } from '@vigil/sdk';
import { DAY_MS, HOUR_MS, MINUTE_MS, bucketStart } from '../analysis/api-health/index.js';
import type { VigilApp } from '../app.js';
import { CoverageSnapshotJob } from '../governance/index.js';
import { listDemoModels } from './coffee-models.js';
import { backfillDemoHistory, type BackfillResult } from './demo-backfill.js';
import { createSimulatorKey } from './demo-key.js';
import { registerDemoRoute } from './demo-route.js';
import { DemoSimulator } from './demo-simulator.js';
import { TrafficModel } from './traffic-model.js';
import { configureDemo, type DemoSetupResult } from './demo-setup.js';
import { ensureDemoPeople } from './demo-people.js';
import { DemoInfraCollector } from './infra-collector.js';
import { DEMO_NODES, InfraModel } from './infra-model.js';

export interface CoffeeDemoOptions {
  /** Calls per minute over all four APIs, averaged over a weekday. */
  rate: number;
  /** Days of history written straight into the rollups on an empty store; 0 for none. */
  backfillDays: number;
  /** The most recent minutes are sent as raw events through the SDK instead (browsable, with labels). */
  rawMinutes: number;
  /**
   * Hours of host and container metrics the simulated Collector sends first (since the demo nodes were last seen,
   * at most this far back). Default 24: the Infrastructure page opens on the last 24 hours.
   */
  infraBackfillHours?: number;
  seed: number;
  utcOffsetMinutes: number;
  now?: () => number;
  /** Where progress lines go. */
  print?: (line: string) => void;
}

export interface PreparedDemo {
  traffic: TrafficModel;
  backfill: BackfillResult | null;
  /**
   * Starts the simulator against the listening server, and the simulated OpenTelemetry Collector (host and
   * container metrics, after backfilling the last hours of them); call once after listen.
   */
  startTraffic(serverUrl: string): Promise<DemoSimulator>;
  /** The simulated Collector, once traffic started; `backfilled` resolves when its backfill is sent. */
  infra(): { collector: DemoInfraCollector; backfilled: Promise<number> } | null;
  /**
   * Once the simulator has caught up: configures the company through the public API on a fresh store
   * (demo-setup.ts), then starts a latency incident on POST /v1/recommend so an alert fires within a minute.
   */
  configure(serverUrl: string): Promise<DemoSetupResult>;
}

/**
 * Everything `vigil demo` does before the server listens: registers GET /api/v1/demo, stops the
 * simulator when the server closes, and backfills history on an empty store. Backfill runs here because
 * no event can arrive before listen, so no flush can move the rollup watermark under it.
 *
 * @example
 *   let demo!: PreparedDemo;
 *   const started = await startServerFromCli(argv, flags, async (v) => { demo = await prepareCoffeeDemo(v, opts); });
 *   await demo.startTraffic(started.url);
 */
export async function prepareCoffeeDemo(vigil: VigilApp, opts: CoffeeDemoOptions): Promise<PreparedDemo> {
  const now = opts.now ?? Date.now;
  const print = opts.print ?? (() => {});
  const startedAtMs = now();
  // The demo people sign in to the dashboard, and sign off and approve use cases in the setup.
  await ensureDemoPeople(vigil.identity);
  const models = listDemoModels();
  // The input drift starts where the demo's history starts, so a restart continues the same trend.
  const seen = (await vigil.store.rollups.listModels()).filter((m) => models.some((d) => d.model === m.model));
  const historyStart =
    seen.length > 0 ? Math.min(...seen.map((m) => m.firstSeen)) : startedAtMs - opts.backfillDays * DAY_MS;
  const traffic = new TrafficModel({
    seed: opts.seed,
    ratePerMinute: opts.rate,
    utcOffsetMinutes: opts.utcOffsetMinutes,
    driftStartMs: historyStart,
    // The recommender's current version went live three weeks into the history (nine days ago in a month's).
    releaseMs: bucketStart(historyStart + 21 * DAY_MS, HOUR_MS),
  });

  let simulator: DemoSimulator | undefined;
  let infra: { collector: DemoInfraCollector; backfilled: Promise<number> } | null = null;
  let isClosing = false;
  const clients: Vigil[] = [];
  registerDemoRoute(
    vigil.app,
    {
      models,
      startedAtMs,
      rate: opts.rate,
      backfillDays: opts.backfillDays,
      incidentsBetween: (from, to) => traffic.incidentsBetween(from, to),
    },
    now,
  );
  vigil.app.addHook('preClose', async () => {
    // The server answers 503 to ingest from now on, so waiting for the SDK to deliver would only retry
    // until its timeout: stop generating and abandon what is still queued.
    isClosing = true;
    simulator?.pause();
    infra?.collector.stop();
    await Promise.all(clients.map((c) => c.shutdown({ timeoutMs: 0 })));
  });

  const rawFrom = bucketStart(startedAtMs - opts.rawMinutes * MINUTE_MS, MINUTE_MS);
  let backfill: BackfillResult | null = null;
  if (opts.backfillDays > 0) {
    print(`Demo: backfilling ${opts.backfillDays} days of rollups for the four demo models…`);
    backfill = await backfillDemoHistory(vigil.store, traffic, { days: opts.backfillDays, endMs: rawFrom });
    print(
      backfill.skipped
        ? 'Demo: the store already has demo history; not backfilling again.'
        : `Demo: backfilled ${opts.backfillDays} days (${backfill.totalCalls.toLocaleString('en-US')} calls in ${backfill.cells.toLocaleString('en-US')} rollup cells) in ${(backfill.durationMs / 1000).toFixed(1)} s.`,
    );
  }

  return {
    traffic,
    backfill,
    async startTraffic(serverUrl: string) {
      const apiKey = await createSimulatorKey(vigil.store.keys, now());
      for (const m of models) {
        const client = new Vigil({
          url: serverUrl,
          apiKey,
          batchSize: 1000,
          maxQueueSize: 100_000,
          onError: (e) =>
            isClosing || vigil.app.log.warn({ demoModel: m.model, err: e.message }, 'demo simulator: SDK problem'),
        });
        clients.push(client);
      }
      simulator = new DemoSimulator({
        traffic,
        clients: Object.fromEntries(models.map((m, i) => [m.model, clients[i]!])),
        now,
      });
      // After a fresh backfill the recent minutes come as raw events; otherwise traffic starts now.
      simulator.start(backfill && !backfill.skipped ? rawFrom : now());
      infra = startInfraCollector(vigil, new InfraModel(traffic, historyStart), serverUrl, apiKey, {
        now,
        print,
        isClosing: () => isClosing,
        backfillMs: (opts.infraBackfillHours ?? 24) * HOUR_MS,
      });
      return simulator;
    },
    infra: () => infra,
    async configure(serverUrl: string) {
      if (!simulator) throw new Error('configure: start the traffic first');
      await simulator.whenCaughtUp();
      const result = await configureDemo(serverUrl, {
        keys: vigil.store.keys,
        alerting: vigil.store.alerting,
        rollups: vigil.store.rollups,
        traffic,
        historyStartMs: historyStart,
        historyEndMs: rawFrom,
        now,
        print,
      });
      if (!result.isConfigured) print('Demo: the store is already configured; keeping its teams, rules and use cases.');
      // The day's coverage snapshot (the report's trend) was taken at start-up, before the demo had use cases.
      await new CoverageSnapshotJob(vigil.store).runIfDue(now());
      const first = simulator.triggerIncident(0, 5 * MINUTE_MS);
      print(`Demo: a latency incident on ${first.endpoint} runs until ${new Date(first.endMs).toISOString()}.`);
      return result;
    },
  };
}

/**
 * The simulated Collector: backfills host and container metrics since the demo nodes were last seen (at most
 * `backfillMs` back) through POST /v1/metrics, then exports live every 15 s.
 */
function startInfraCollector(
  vigil: VigilApp,
  model: InfraModel,
  serverUrl: string,
  apiKey: string,
  opts: { now: () => number; print: (line: string) => void; isClosing: () => boolean; backfillMs: number },
): { collector: DemoInfraCollector; backfilled: Promise<number> } {
  const { now, print, isClosing } = opts;
  const onError = (err: Error) =>
    isClosing() || vigil.app.log.warn({ err: err.message }, 'demo collector: export failed');
  const collector = new DemoInfraCollector({ model, serverUrl, apiKey, now, onError });
  const backfilled = (async () => {
    const since = now() - opts.backfillMs;
    const seen = (await vigil.store.infra.listResources({ since })).filter((r) =>
      DEMO_NODES.some((n) => n.host === r.host && r.pod === null),
    );
    const from = seen.length > 0 ? Math.max(...seen.map((r) => r.lastSeen)) + MINUTE_MS : since;
    const started = performance.now();
    const n = await collector.backfill(from);
    print(
      `Demo: the simulated OpenTelemetry Collector sent ${n} minutes of host and container metrics in ${((performance.now() - started) / 1000).toFixed(1)} s; it now exports every 15 s.`,
    );
    collector.start();
    return n;
  })();
  backfilled.catch(onError);
  return { collector, backfilled };
}
