import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { EmailChannel, createGuardedLookup } from './index.js';
import { FAST_RETRY, makeSampleNotification } from './channel-test-support.js';

async function startSmtp(hooks: Partial<SMTPServerOptions>) {
  const messages: { from: string; to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
    ...hooks,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const channelFor = (port: number) =>
  new EmailChannel({
    host: '127.0.0.1',
    port,
    ignoreTls: true,
    from: 'vigil@example.com',
    to: ['oncall@example.com', 'lead@example.com'],
    retry: FAST_RETRY,
  });

test('sends multipart/alternative mail: plain text and HTML, subject = title', async () => {
  const smtp = await startSmtp({});
  const channel = channelFor(smtp.port);
  try {
    const n = makeSampleNotification();
    const result = await channel.send(n, AbortSignal.timeout(5_000));
    assert.equal(result.ok, true, result.error ?? '');
    assert.equal(result.statusCode, 250);
    assert.equal(smtp.messages.length, 1);
    const m = smtp.messages[0];
    assert.equal(m.from, 'vigil@example.com');
    assert.deepEqual(m.to, ['oncall@example.com', 'lead@example.com']);
    const unfolded = m.raw.replace(/\r\n[ \t]+/g, ' ');
    assert.match(unfolded, /^Subject: \[FIRING:2\] p95 high 0, p95 high 1 =\?UTF-8\?|^Subject: .*FIRING/m);
    assert.match(m.raw, /^Content-Type: multipart\/alternative;/m);
    assert.match(m.raw, /^Content-Type: text\/plain; charset=utf-8/m);
    assert.match(m.raw, /^Content-Type: text\/html; charset=utf-8/m);
    assert.match(unfolded, /^X-Vigil-Group-Key: /m);
    assert.match(m.raw, /Runbook: https:\/\/runbooks.example\/p95/);
    assert.match(m.raw, /&lt;0&gt; &amp; rising/); // HTML part escaped
  } finally {
    channel.close();
    await smtp.close();
  }
});

test('a 451 (temporary) reply is retried; a 550 (permanent) is not', async () => {
  let rcpt = 0;
  const flaky = await startSmtp({
    onRcptTo(_addr, _session, callback) {
      rcpt += 1;
      if (rcpt === 1) return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
      callback();
    },
  });
  const c1 = channelFor(flaky.port);
  try {
    const result = await c1.send(makeSampleNotification(), AbortSignal.timeout(5_000));
    assert.equal(result.ok, true);
    assert.deepEqual(
      result.attemptLog.map((a) => a.statusCode),
      [451, 250],
    );
    // the first attempt reached lead@ only; the retry goes to the refused oncall@ alone
    assert.deepEqual(
      flaky.messages.map((m) => m.to),
      [['lead@example.com'], ['oncall@example.com']],
    );
  } finally {
    c1.close();
    await flaky.close();
  }
  const strict = await startSmtp({
    onRcptTo(_addr, _session, callback) {
      callback(Object.assign(new Error('no such user'), { responseCode: 550 }));
    },
  });
  const c2 = channelFor(strict.port);
  try {
    const result = await c2.send(makeSampleNotification(), AbortSignal.timeout(5_000));
    assert.deepEqual([result.ok, result.attempts, result.statusCode], [false, 1, 550]);
  } finally {
    c2.close();
    await strict.close();
  }
});

test('an unreachable SMTP server is a recorded failure', async () => {
  const smtp = await startSmtp({});
  const port = smtp.port;
  await smtp.close();
  const channel = channelFor(port);
  const result = await channel.send(makeSampleNotification(), AbortSignal.timeout(5_000));
  channel.close();
  assert.deepEqual([result.ok, result.attempts, result.statusCode], [false, 3, null]);
  assert.match(result.error ?? '', /ECONNREFUSED|ECONNECTION/);
});

test('with a guarded lookup the SMTP host is checked again when connecting: a name resolving to loopback is refused, not retried', async () => {
  const smtp = await startSmtp({});
  const send = (allowLoopback: boolean) => {
    const channel = new EmailChannel({
      host: 'localhost',
      port: smtp.port,
      ignoreTls: true,
      from: 'vigil@example.com',
      to: ['oncall@example.com'],
      retry: { ...FAST_RETRY, lookup: createGuardedLookup({ allowLoopback }) },
    });
    return channel.send(makeSampleNotification(), AbortSignal.timeout(5_000)).finally(() => channel.close());
  };
  try {
    const refused = await send(false);
    assert.deepEqual([refused.ok, refused.attempts, refused.statusCode], [false, 1, null]);
    assert.match(
      refused.error ?? '',
      /target refused at delivery: localhost: (127\.0\.0\.1|::1) is a loopback address/,
    );
    assert.equal(smtp.messages.length, 0, 'nothing reached the SMTP server');
    // The same channel where loopback targets are allowed (tests, a local relay) connects through the same path.
    const allowed = await send(true);
    assert.equal(allowed.ok, true, allowed.error ?? '');
    assert.equal(smtp.messages.length, 1);
  } finally {
    await smtp.close();
  }
});
