import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  CHANNEL_SETTINGS,
  ChannelBody,
  ChannelTestResult,
  ErrorBody,
  MaintenanceWindowBody,
  MaintenanceWindowSchema,
  RaciBody,
  RaciRows,
  SilenceBody,
  SilenceSchema,
  TeamInput,
  TeamView,
  type Answer,
} from '@vigil/protocol';
import {
  activeOccurrence,
  checkDigestSchedule,
  findOnCall,
  listShifts,
  toRaciMatrix,
  validateRaciMatrix,
  type MaintenanceWindow,
  type Notification,
  type OnCallShift,
  type Silence,
} from '../../alerting/index.js';
import type { AlertingService, ChannelConfig, TeamConfig } from '../../alerting/service/index.js';
import { registerCollection } from './document-collections.js';
import { VigilError } from '../../errors/index.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const IdParams = Type.Object({ id: Type.String() });

/** Secrets in channel settings are shown as "…" plus their last 4 characters. */
export function redactSettings(settings: Record<string, unknown>): Record<string, unknown> {
  const mask = (v: unknown) => (typeof v === 'string' ? `…${v.slice(-4)}` : v);
  const out: Record<string, unknown> = { ...settings };
  for (const k of ['webhookUrl', 'url', 'routingKey']) if (k in out) out[k] = mask(out[k]);
  if (out.auth && typeof out.auth === 'object') out.auth = { ...(out.auth as object), pass: '…' };
  if (out.headers && typeof out.headers === 'object')
    out.headers = Object.fromEntries(Object.keys(out.headers as object).map((h) => [h, '…']));
  return out;
}

/**
 * Secrets sent back exactly as GET shows them keep their stored value, so a channel can be renamed or retuned
 * (PUT) without retyping its webhook URL, routing key, SMTP password or header values.
 * @example restoreRedactedSecrets({ webhookUrl: '…/abc' }, stored.settings) // { webhookUrl: 'https://hooks…/abc' }
 */
export function restoreRedactedSecrets(
  given: Record<string, unknown>,
  stored: Record<string, unknown>,
): Record<string, unknown> {
  const shown = redactSettings(stored);
  const out: Record<string, unknown> = { ...given };
  for (const k of ['webhookUrl', 'url', 'routingKey'])
    if (typeof out[k] === 'string' && out[k] === shown[k]) out[k] = stored[k];
  const auth = out.auth as { pass?: unknown } | undefined;
  const storedAuth = stored.auth as { pass?: unknown } | undefined;
  if (auth && typeof auth === 'object' && auth.pass === '…' && storedAuth && typeof storedAuth === 'object')
    out.auth = { ...auth, pass: storedAuth.pass };
  const storedHeaders = (stored.headers ?? {}) as Record<string, unknown>;
  if (out.headers && typeof out.headers === 'object') {
    out.headers = Object.fromEntries(
      Object.entries(out.headers as Record<string, unknown>).map(([h, v]) => [
        h,
        v === '…' && h in storedHeaders ? storedHeaders[h] : v,
      ]),
    );
  }
  return out;
}

/** A team as GET shows it: who is on call at `at` by the server's rotation code, and the three shifts after. */
function presentTeam(t: TeamConfig, at: number): Answer<TeamView> {
  const named = (s: OnCallShift) => ({ ...s, name: t.members.find((m) => m.id === s.memberId)?.name ?? null });
  const onCall = t.rotation ? findOnCall(t.rotation, at) : null;
  const next = t.rotation ? listShifts(t.rotation, onCall ? onCall.endsAt : at, 3) : [];
  return { ...t, onCall: onCall && named(onCall), nextShifts: next.map(named) };
}

export function registerAlertingConfigRoutes(app: FastifyInstance, alerting: AlertingService): void {
  const { store } = alerting;
  const now = alerting.now;

  app.get(
    '/api/v1/raci',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'The RACI matrix (one row per monitoring area)',
        tags: ['alerting'],
        response: { 200: RaciRows, ...errors },
      },
    },
    async (): Promise<RaciRows> => ({
      rows: await store.getRaciRows(),
    }),
  );
  app.put(
    '/api/v1/raci',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Replace the RACI matrix; every area needs exactly one PRIMARY team',
        tags: ['alerting'],
        body: RaciBody,
        response: { 200: RaciRows, ...errors },
      },
    },
    async (req): Promise<RaciRows> => {
      const { rows } = req.body as RaciBody;
      const problems = validateRaciMatrix(toRaciMatrix(rows));
      const areas = rows.map((r) => r.area as string);
      const dup = areas.find((a, i) => areas.indexOf(a) !== i);
      if (dup) problems.unshift(`area "${dup}" appears twice`);
      if (problems.length)
        throw new VigilError(
          'VIGIL_ERR_VALIDATION',
          `body.rows: ${problems[0]}`,
          problems.map((message) => ({ path: '/rows', message })),
        );
      await store.setRaciRows(rows);
      return { rows: await store.getRaciRows() };
    },
  );

  registerCollection<TeamConfig, typeof TeamView>(
    app,
    {
      path: '/api/v1/teams',
      plural: 'teams',
      singular: 'team',
      body: TeamInput,
      item: TeamView,
      collection: store.teams,
      present: (t) => presentTeam(t, now()),
      // Teams are keyed by name: the RACI matrix and escalation policy refer to them by name.
      normalize: (t) => {
        if (t.id !== undefined && t.id !== t.name)
          throw new VigilError('VIGIL_ERR_VALIDATION', `body.id: a team's id is its name ("${t.name}")`);
        return { ...t, id: t.name };
      },
      prepare: (t) => {
        const [problem] = t.digest ? checkDigestSchedule(t.digest) : [];
        if (problem) throw new VigilError('VIGIL_ERR_VALIDATION', `body.digest.${problem[0]}: ${problem[1]}`);
        const ids = new Set(t.members.map((m) => m.id));
        const unknown = t.rotation?.memberIds.find((m) => !ids.has(m));
        if (unknown)
          throw new VigilError(
            'VIGIL_ERR_VALIDATION',
            `body.rotation.memberIds: "${unknown}" is not a member id of the team`,
          );
        return t;
      },
    },
    now,
  );

  registerCollection<ChannelConfig, typeof ChannelBody>(
    app,
    {
      path: '/api/v1/channels',
      plural: 'channels',
      singular: 'channel',
      body: ChannelBody,
      item: ChannelBody,
      collection: store.channels,
      prepare: async (given) => {
        const stored = await store.channels.get(given.id);
        const c =
          stored?.kind === given.kind
            ? { ...given, settings: restoreRedactedSecrets(given.settings, stored.settings) }
            : given;
        const schema = CHANNEL_SETTINGS[c.kind];
        const first = [...Value.Errors(schema, c.settings)][0];
        if (first)
          throw new VigilError(
            'VIGIL_ERR_VALIDATION',
            `body.settings${first.path.replaceAll('/', '.')}: ${first.message} (a ${c.kind} channel)`,
          );
        return c;
      },
      present: (c) => ({ ...c, settings: redactSettings(c.settings) }),
    },
    now,
  );

  app.post(
    '/api/v1/channels/:id/test',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Send a test notification through a channel and record the delivery',
        tags: ['alerting'],
        params: IdParams,
        response: { 200: ChannelTestResult, ...errors },
      },
    },
    async (req): Promise<ChannelTestResult> => {
      const { id } = req.params as { id: string };
      if (!(await store.channels.get(id)))
        throw new VigilError('VIGIL_ERR_NOT_FOUND', `channel "${id}" does not exist`);
      const at = now();
      const labels = { alertname: 'Vigil test notification', area: 'Infrastructure', severity: 'info' };
      const n: Notification = {
        id: randomUUID(),
        kind: 'firing',
        groupKey: `{}:{vigil_test="${id}"}`,
        receiver: 'vigil',
        status: 'firing',
        title: '[TEST] Vigil test notification',
        summary: `A test from Vigil to channel "${id}". Nothing is wrong.`,
        severity: 'info',
        area: 'Infrastructure',
        groupLabels: { area: 'Infrastructure' },
        commonLabels: labels,
        commonAnnotations: { summary: 'test' },
        alerts: [
          {
            status: 'firing',
            fingerprint: '0000000000000000',
            labels,
            annotations: { summary: 'test', value: '0' },
            startsAt: at,
            endsAt: null,
          },
        ],
        at,
      };
      return { delivery: await alerting.dispatcher.deliver(n, { channelId: id, team: null, purpose: 'test' }, null) };
    },
  );

  registerCollection<Silence, typeof SilenceSchema>(
    app,
    {
      path: '/api/v1/silences',
      plural: 'silences',
      singular: 'silence',
      body: SilenceBody,
      item: SilenceSchema,
      collection: store.silences,
      isIdGenerated: true,
      prepare: (s) => {
        if (!(s.endsAt > s.startsAt))
          throw new VigilError('VIGIL_ERR_VALIDATION', 'body.endsAt: must be after startsAt');
        for (const m of s.matchers) {
          if (m.op !== '=~' && m.op !== '!~') continue;
          try {
            new RegExp(m.value);
          } catch {
            throw new VigilError(
              'VIGIL_ERR_VALIDATION',
              `body.matchers: "${m.value}" is not a valid regular expression`,
            );
          }
        }
        return s;
      },
    },
    now,
  );

  registerCollection<MaintenanceWindow, typeof MaintenanceWindowSchema>(
    app,
    {
      path: '/api/v1/maintenance-windows',
      plural: 'maintenanceWindows',
      singular: 'maintenanceWindow',
      body: MaintenanceWindowBody,
      item: MaintenanceWindowSchema,
      collection: store.maintenanceWindows,
      isIdGenerated: true,
      prepare: (w) => {
        if (w.schedule.kind === 'once' && !(w.schedule.endsAt > w.schedule.startsAt))
          throw new VigilError('VIGIL_ERR_VALIDATION', 'body.schedule.endsAt: must be after startsAt');
        activeOccurrence(w.schedule, now()); // throws on a malformed duration
        return w;
      },
    },
    now,
  );
}
