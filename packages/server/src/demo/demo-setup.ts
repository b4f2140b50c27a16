import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { DAY_MS, HOUR_MS, bucketStart } from '../analysis/api-health/index.js';
import { generateApiKey, hashApiKey } from '../plugins/auth.js';
import type { AlertingStore, KeyStore, RollupStore } from '../storage/index.js';
import {
  DEMO_DASHBOARDS,
  DEMO_ROI_INPUTS,
  DEMO_SLOS,
  DEMO_TEAMS,
  INBOX_CHANNEL,
  busiestWindow,
  demoBudgets,
  demoTeams,
  demoUseCases,
  expectedMonthlySpend,
  expectedQpsFor,
} from './demo-config.js';
import { DEMO_PASSWORD, DEMO_PEOPLE } from './demo-people.js';
import { demoInfraLinks } from './infra-model.js';
import { recordIncidentHistory, type DemoApi } from './demo-incident-history.js';
import type { TrafficModel } from './traffic-model.js';

const KEY_NAME = 'demo setup';

/** The rules file shipped with the demo (read from the sources, also when the CLI runs from its bundle). */
export function readDemoRulesFile(): string {
  for (const rel of ['./coffee-rules.yaml', '../src/demo/coffee-rules.yaml']) {
    try {
      return readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8');
    } catch {
      // try the next place
    }
  }
  throw new Error('demo: coffee-rules.yaml not found next to the demo sources');
}

export interface DemoSetupResult {
  /** False when the store was already configured (a restart): nothing was changed. */
  isConfigured: boolean;
  steps: string[];
}

/**
 * Configures the coffee company through the public REST API, as its teams would on day one: the demo inbox
 * channel, five teams with weekly rotations, the rules file, SLOs, a drift reference per model (its first
 * week), budgets and ROI inputs, use cases at every intake stage (taken through intake with load tests,
 * sign-offs and the CTO's approval where they are live), and one dashboard per team, pinned as its home. Uses
 * an admin key of its own, revoked when done; the sign-offs and the approval are made by the demo people
 * (demo-people.ts), signed in over the API. Skips everything when the inbox channel exists (a restart keeps
 * what people changed since).
 *
 * @example await configureDemo(url, { keys: store.keys, traffic, historyStartMs, historyEndMs, now: Date.now })
 */
export async function configureDemo(
  serverUrl: string,
  opts: {
    keys: KeyStore;
    /** Where the incident history of the backfilled month is written (demo-incident-history.ts). */
    alerting: AlertingStore;
    /** The backfilled rollups the incident history's rule preview reads. */
    rollups: RollupStore;
    traffic: TrafficModel;
    historyStartMs: number;
    historyEndMs: number;
    now: () => number;
    print?: (line: string) => void;
  },
): Promise<DemoSetupResult> {
  const print = opts.print ?? (() => {});
  const key = generateApiKey();
  const keyId = randomUUID();
  await opts.keys.create({
    id: keyId,
    name: KEY_NAME,
    role: 'admin',
    hash: hashApiKey(key),
    createdAtMs: opts.now(),
    revokedAtMs: null,
  });
  const call = async (
    auth: Record<string, string>,
    method: string,
    path: string,
    body?: unknown,
    okStatuses = [200, 201, 204],
  ) => {
    const res = await fetch(`${serverUrl}${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!okStatuses.includes(res.status))
      throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : null) as Record<string, unknown> | null;
  };
  const api: Api = (method, path, body, okStatuses) =>
    call({ authorization: `Bearer ${key}` }, method, path, body, okStatuses);
  // Sign-offs and the go-live approval need a signed-in person: the demo people (demo-people.ts) sign in
  // over the API like the dashboard does, and their writes carry the session's CSRF token.
  const sessions = new Map<string, Api>();
  const as = async (username: string): Promise<Api> => {
    const known = sessions.get(username);
    if (known) return known;
    const res = await fetch(`${serverUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`demo person ${username} could not sign in: ${res.status} ${text}`);
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('vigil_session='))
      ?.split(';')[0];
    if (!cookie) throw new Error(`demo person ${username}: the login set no session cookie`);
    const csrf = (JSON.parse(text) as { csrfToken: string }).csrfToken;
    const session: Api = (method, path, body, okStatuses) =>
      call({ cookie, 'x-csrf-token': csrf }, method, path, body, okStatuses);
    sessions.set(username, session);
    return session;
  };
  const steps: string[] = [];
  const step = (line: string) => {
    steps.push(line);
    print(`Demo setup: ${line}`);
  };
  try {
    const channels = (await api('GET', '/api/v1/channels')) as { channels: Array<{ id: string }> };
    if (channels.channels.some((c) => c.id === INBOX_CHANNEL)) return { isConfigured: false, steps };

    await api('POST', '/api/v1/channels', { id: INBOX_CHANNEL, name: 'Demo inbox', kind: 'inbox', settings: {} });
    for (const team of demoTeams(opts.now())) await api('PUT', `/api/v1/teams/${encodeURIComponent(team.name)}`, team);
    step(`inbox channel and ${DEMO_TEAMS.length} teams with weekly rotations (${DEMO_TEAMS.join(', ')})`);

    const file = parseYaml(readDemoRulesFile()) as { rules: unknown[] };
    const applied = (await api('POST', '/api/v1/alerts/rules/apply', { rules: file.rules })) as {
      counts: { create: number };
    };
    for (const slo of DEMO_SLOS) await api('POST', '/api/v1/slos', slo);
    step(`${applied.counts.create} alert rules from coffee-rules.yaml, ${DEMO_SLOS.length} SLOs`);

    // DevOps links the cluster's pods and nodes to the models they serve (Infrastructure page, "Links to models").
    const links = demoInfraLinks();
    await api('PUT', '/api/v1/infra/links', { links });
    step(`${links.length} links from pods and nodes to models`);

    // The reference is each model's first week: the forecaster's temperature has crept up ~5 °C since.
    const refTo = Math.min(opts.historyStartMs + 7 * DAY_MS, opts.historyEndMs - DAY_MS);
    const refFrom = bucketStart(opts.historyStartMs + HOUR_MS, HOUR_MS);
    const models = [...new Set(opts.traffic.endpoints.map((e) => e.model))];
    if (refTo - refFrom >= 6 * HOUR_MS) {
      for (const model of models)
        await api('POST', `/api/v1/models/${model}/reference`, {
          window: { from: refFrom, to: bucketStart(refTo, HOUR_MS) },
        });
      step(
        `drift references: ${models.length} models, ${new Date(refFrom).toISOString().slice(0, 10)} to ${new Date(refTo).toISOString().slice(0, 10)}`,
      );
    }

    // Use cases: the busiest half hour of yesterday is each one's load test.
    const peakQps: Record<string, number> = {};
    const windows: Record<string, ReturnType<typeof busiestWindow>> = {};
    for (const model of models) {
      windows[model] = busiestWindow(opts.traffic, [model], opts.historyEndMs);
      peakQps[model] = expectedQpsFor(windows[model]!.perMinute);
    }
    const stages: string[] = [];
    for (const uc of demoUseCases(peakQps)) {
      const { target, ...body } = uc;
      await api('POST', '/api/v1/use-cases', { ...body, actor: { name: 'Priya Nair', role: 'data-science' } });
      const owner = DEMO_PEOPLE.find((p) => !p.roles.includes('admin') && p.teams.includes(uc.ownerTeam));
      if (!owner) throw new Error(`demo: no demo person in team ${uc.ownerTeam}, which owns ${uc.id}`);
      const people = { signer: await as(owner.username), cto: await as('cto') };
      stages.push(`${uc.id} → ${await takeThroughIntake(api, people, uc.id, target, windows[uc.models[0] ?? ''])}`);
    }
    step(`use cases: ${stages.join(', ')}`);

    const spend = expectedMonthlySpend(opts.traffic);
    await api('PUT', '/api/v1/cost/budgets', { budgets: demoBudgets(spend) });
    await api('PUT', '/api/v1/report/roi-inputs', DEMO_ROI_INPUTS);
    step('budgets (the assistant\u2019s below its spend) and the report\u2019s ROI inputs');

    for (const d of DEMO_DASHBOARDS) {
      await api('POST', '/api/v1/dashboards', d);
      if (d.team) await api('PUT', `/api/v1/dashboard-homes/${encodeURIComponent(d.team)}`, { dashboardId: d.id });
    }
    step(`${DEMO_DASHBOARDS.length} dashboards, each pinned as its team's home`);

    const history = await recordIncidentHistory({
      api,
      alerting: opts.alerting,
      rollups: opts.rollups,
      traffic: opts.traffic,
      historyStartMs: opts.historyStartMs,
      historyEndMs: opts.historyEndMs,
      nowMs: opts.now(),
    });
    step(
      `incident history: ${history.incidents} resolved incidents (${history.acknowledged} acknowledged) replayed from the rule preview since ${new Date(history.fromMs).toISOString().slice(0, 16)}`,
    );
    return { isConfigured: true, steps };
  } finally {
    await opts.keys.revoke(keyId, opts.now());
  }
}

type Api = DemoApi;

/** Moves a use case through intake towards `target` as its teams would; returns the stage reached. */
async function takeThroughIntake(
  api: Api,
  people: { signer: Api; cto: Api },
  id: string,
  target: string,
  loadTest: { from: number; to: number } | undefined,
): Promise<string> {
  const path = `/api/v1/use-cases/${id}`;
  const advance = async (to: string, reason?: string) =>
    api('POST', `${path}/advance`, {
      to,
      actor: { name: 'Priya Nair', role: 'data-science' },
      ...(reason ? { reason } : {}),
    });
  if (target === 'requirements' || target === 'production') {
    const uc = (await api('GET', path)) as { stage: string };
    if (uc.stage === target) return target;
    if (target === 'requirements') return 'requirements';
  }
  if (target === 'retired') {
    await advance('retired', 'pilot replaced by the barista assistant');
    return 'retired';
  }
  await advance('development');
  if (target === 'development') return 'development';
  if (loadTest)
    await api('POST', `${path}/load-tests`, {
      from: loadTest.from,
      to: loadTest.to,
      actor: { name: 'Sam Okafor', role: 'devops' },
      note: 'k6 at the morning rush, monitoring on',
    });
  await advance('production_readiness');
  for (const key of ['production_readiness.runbook_reviewed', 'production_readiness.team_trained'])
    await people.signer('POST', `${path}/checkpoints/${key}`, {});
  if (target === 'production_readiness') return 'production_readiness (ready to go live)';
  // Labels of the first live minutes may still be on their way (signals_flowing): retry for a while.
  for (let attempt = 0; ; attempt++) {
    try {
      await people.cto('POST', `${path}/approve`, { note: 'Approved at the AI steering meeting' });
      break;
    } catch (err) {
      if (attempt >= 24 || !/409/.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 5_000));
    }
  }
  await advance('production');
  return 'production';
}
