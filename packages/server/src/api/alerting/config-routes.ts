import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
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
  checkChannelTargets,
  checkDigestSchedule,
  findOnCall,
  listShifts,
  redactSettings,
  restoreRedactedSecrets,
  toRaciMatrix,
  validateRaciMatrix,
  type AlertingService,
  type ChannelConfig,
  type MaintenanceWindow,
  type Notification,
  type OnCallShift,
  type Silence,
  type TeamConfig,
} from '../../alerting/index.js';
import { VigilError } from '../../errors/index.js';
import { registerCollection } from './document-collections.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const IdParams = Type.Object({ id: Type.String() });

/** A team as GET shows it: who is on call at `at` by the server's rotation code, and the three shifts after. */
function presentTeam(t: TeamConfig, at: number): Answer<TeamView> {
  const named = (s: OnCallShift) => ({ ...s, name: t.members.find((m) => m.id === s.memberId)?.name ?? null });
  const onCall = t.rotation ? findOnCall(t.rotation, at) : null;
  const next = t.rotation ? listShifts(t.rotation, onCall ? onCall.endsAt : at, 3) : [];
  return { ...t, onCall: onCall && named(onCall), nextShifts: next.map(named) };
}

/**
 * The alerting configuration: the RACI matrix, teams (with who is on call), channels (secrets shown redacted,
 * a test delivery), silences and maintenance windows.
 * @example await app.register(alertingConfigRoutes, { alerting });
 */
export const alertingConfigRoutes: FastifyPluginAsyncTypebox<{
  alerting: AlertingService;
  /** Notification targets on loopback are refused unless this is true (tests, a local relay). */
  allowLoopbackTargets: boolean;
}> = async (app, { alerting, allowLoopbackTargets }) => {
  const targets = { allowLoopback: allowLoopbackTargets };
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
    async () => ({ rows: await store.getRaciRows() }),
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
    async (req) => {
      const { rows } = req.body;
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
        const refused = await checkChannelTargets(c, targets);
        if (refused) throw new VigilError('VIGIL_ERR_VALIDATION', `body.settings.${refused[0]}: ${refused[1]}`);
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
    async (req) => {
      const { id } = req.params;
      const channel = await store.channels.get(id);
      if (!channel) throw new VigilError('VIGIL_ERR_NOT_FOUND', `channel "${id}" does not exist`);
      // Checked again at send time: a channel stored before the check, or a name that now resolves elsewhere.
      const refused = await checkChannelTargets(channel, targets);
      if (refused)
        throw new VigilError('VIGIL_ERR_VALIDATION', `channel "${id}": settings.${refused[0]}: ${refused[1]}`);
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
};
