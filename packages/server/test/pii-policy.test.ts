// Personal-data policies end to end (docs/privacy.md): a default and a use case's policy set through the API by
// an InfoSec person, events of the use case's model and of another model through POST /api/v1/events into a
// real SQLite server, read back with GET /api/v1/events: each kind masked, tokenised, hashed (equal values
// join) or dropped, in features, tags and LLM text; card numbers elsewhere masked as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestServer } from './helpers/test-server.js';
import { addTestUser, loginSession } from './helpers/identity.js';

type Obj = Record<string, any>;
const fields = { features: true, tags: true, llmText: true };

test('a use case policy and the default apply at ingest; hashes join; InfoSec edits, a viewer may only read', async (t) => {
  const s = await startTestServer();
  t.after(() => s.close());
  const id = randomUUID().slice(0, 8);
  const loans = `loans-${id}`;
  const other = `other-${id}`;
  const admin = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) => {
    const r = await s.vigil.app.inject({ method, url, headers: s.auth, payload });
    return { status: r.statusCode, body: r.body ? (JSON.parse(r.body) as Obj) : null };
  };
  assert.equal(
    (
      await admin('POST', '/api/v1/use-cases', {
        id: `uc-${id}`,
        name: 'Loan assistant',
        ownerTeam: 'Data Science',
        models: [loans],
        endpoints: [],
      })
    ).status,
    201,
  );

  // The built-in default before anyone saves one: card numbers masked.
  const before = (await admin('GET', '/api/v1/privacy/pii-policies')).body!;
  assert.deepEqual([before.default.isBuiltIn, before.default.policy.actions], [true, { card: 'mask' }]);

  const infosec = await addTestUser(s, { roles: ['infosec'] });
  const viewer = await addTestUser(s, { roles: ['viewer'] });
  const as = (session: Awaited<ReturnType<typeof loginSession>>) => ({
    request: (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      s.vigil.app.inject({ method, url, headers: session.headers, payload }),
  });
  const asInfosec = as(await loginSession(s, infosec));
  const asViewer = as(await loginSession(s, viewer));
  const policy = {
    actions: { email: 'hash', phone: 'mask', ssn: 'drop', iban: 'token', ip: 'mask', card: 'token' },
    fields,
  };
  const put = await asInfosec.request('PUT', `/api/v1/privacy/pii-policies/use-cases/uc-${id}`, policy);
  assert.equal(put.statusCode, 200, put.body);
  assert.deepEqual(put.json().models, [loans]);
  assert.match(put.json().updatedBy, new RegExp(infosec.username));
  const putDefault = await asInfosec.request('PUT', '/api/v1/privacy/pii-policies/default', {
    actions: { email: 'token' },
    fields: { features: true, tags: false, llmText: true },
  });
  assert.equal(putDefault.statusCode, 200, putDefault.body);
  assert.equal((await asViewer.request('GET', '/api/v1/privacy/pii-policies')).statusCode, 200);
  assert.equal((await asViewer.request('PUT', '/api/v1/privacy/pii-policies/default', policy)).statusCode, 403);

  const r = await admin('POST', '/api/v1/events', {
    events: [
      {
        model: loans,
        requestId: `a-${id}`,
        features: {
          email: 'Ana.Quill@example.com',
          phone: '(415) 555-0123',
          ssn: '123-45-6789',
          iban: 'DE89 3704 0044 0532 0130 00',
          client: '203.0.113.7',
          income: 52000,
        },
        tags: { card: '4111 1111 1111 1111', region: 'eu' },
        llm: { prompt: 'My SSN is 123-45-6789, help me', response: 'Sure, ana.quill@example.com' },
        modelType: 'llm',
      },
      { model: loans, requestId: `b-${id}`, features: { email: 'ana.quill@example.com' } },
      {
        model: other,
        requestId: `c-${id}`,
        features: { email: 'bo@example.net', card: '5555 5555 5555 4444' },
        tags: { owner: 'bo@example.net' },
        endpoint: 'POST /paid 4111111111111111',
      },
    ],
  });
  assert.equal(r.body!.accepted, 3, JSON.stringify(r.body));
  const stored = async (requestId: string, model: string) => {
    const page = (await admin('GET', `/api/v1/events?model=${model}&requestId=${requestId}`)).body!;
    return page.events[0].event as Obj;
  };
  const a = await stored(`a-${id}`, loans);
  assert.match(a.features.email, /^\[EMAIL:[0-9a-f]{16}\]$/);
  assert.deepEqual(
    [a.features.phone, a.features.ssn, a.features.iban, a.features.client, a.features.income],
    ['(***) ***-**23', undefined, '[IBAN]', '203.0.*.*', 52000],
  );
  assert.deepEqual(a.tags, { card: '[CARD]', region: 'eu' });
  assert.equal(a.llm.prompt, undefined, 'dropped: it held an SSN');
  assert.equal(a.llm.response, `Sure, ${a.features.email}`);
  const b = await stored(`b-${id}`, loans);
  assert.equal(b.features.email, a.features.email, 'the same address hashes alike: joins still work');
  // The other model follows the default (e-mail tokens in features, tags not looked at) and card masking stays.
  const c = await stored(`c-${id}`, other);
  assert.deepEqual(c.features, { email: '[EMAIL]', card: '**** **** **** 4444' });
  assert.deepEqual(c.tags, { owner: 'bo@example.net' });
  assert.equal(c.endpoint, 'POST /paid ************1111');

  // Preview: what the policy finds and would store.
  const preview = await asInfosec.request('POST', '/api/v1/privacy/pii-policies/preview', {
    text: 'write to ana@example.com',
    policy,
  });
  assert.deepEqual(preview.json().findings, [{ kind: 'email', start: 9, end: 24 }]);
  assert.match(preview.json().redacted, /^write to \[EMAIL:[0-9a-f]{16}\]$/);

  // Errors name the field and the fix; a removed policy hands the model back to the default.
  const unknown = await admin('PUT', '/api/v1/privacy/pii-policies/use-cases/nope', policy);
  assert.equal(unknown.status, 404);
  assert.match(unknown.body!.message, /no use case "nope"/);
  const bad = await admin('PUT', '/api/v1/privacy/pii-policies/default', { actions: { email: 'shred' }, fields });
  assert.equal(bad.status, 400);
  assert.equal((await admin('DELETE', `/api/v1/privacy/pii-policies/use-cases/uc-${id}`)).status, 204);
  await admin('POST', '/api/v1/events', {
    events: [{ model: loans, requestId: `d-${id}`, features: { ssn: '123-45-6789', email: 'x@example.org' } }],
  });
  assert.deepEqual((await stored(`d-${id}`, loans)).features, { ssn: '123-45-6789', email: '[EMAIL]' });
});
