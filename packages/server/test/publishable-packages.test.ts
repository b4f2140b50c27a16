// The SDK and the CLI as an application repository gets them: `npm pack` tarballs installed into an empty
// project (offline: neither has a runtime dependency), then `npx vigil gate` and the SDK's record() against a
// real Vigil server, and the script lines of the three pipeline files in docs/pipelines run as they are.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createServer, type AddressInfo } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'vigil-packages-'));
const app = join(work, 'app');
let s: TestServer;
let tarballs: { sdk: string; cli: string };
const useCase = `pkg-${randomUUID().slice(0, 8)}`;

function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: Record<string, string> },
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => resolve({ code, out }));
  });
}

function pack(dir: string): string {
  const json = execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: join(ROOT, dir),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [info] = JSON.parse(json) as Array<{ filename: string; files: Array<{ path: string }> }>;
  return Object.assign(join(work, info!.filename), { files: info!.files.map((f) => f.path) }) as string & {
    files: string[];
  };
}

before(async () => {
  s = await startTestServer({ listen: true });
  const sdk = pack('packages/sdk') as string & { files: string[] };
  const cli = pack('packages/cli') as string & { files: string[] };
  assert.ok(sdk.files.includes('dist/index.js') && sdk.files.includes('dist/index.d.ts'), sdk.files.join(' '));
  assert.ok(!sdk.files.some((f) => f.endsWith('.test.ts')), 'no tests in the SDK tarball');
  assert.deepEqual(cli.files.sort(), ['README.md', 'dist/BUILT', 'dist/vigil.js', 'package.json']);
  tarballs = { sdk, cli };
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'coffee-app', private: true, type: 'module' }));
  const install = await run('npm', ['install', '--offline', '--save-dev', tarballs.cli, tarballs.sdk], { cwd: app });
  assert.equal(install.code, 0, install.out);
  const created = await s.vigil.app.inject({
    method: 'POST',
    url: '/api/v1/use-cases',
    headers: s.auth,
    payload: {
      id: useCase,
      name: 'Packages test',
      ownerTeam: 'ds',
      models: [`m-${useCase}`],
      endpoints: ['POST /score'],
      isLlm: false,
      businessImpact: { revenueAtStakeUsdPerHour: 100, isCustomerFacing: false },
      expectedQps: 0.1,
      latencyLimitMs: 500,
      accuracyThreshold: null,
      compliance: { personalData: false, gdpr: false, pci: false },
    },
  });
  assert.equal(created.statusCode, 201, created.body);
});
after(async () => {
  await s.close();
  rmSync(work, { recursive: true, force: true });
});

const serverEnv = () => ({ VIGIL_URL: s.url, VIGIL_API_KEY: s.adminKey });

test('npx vigil gate from the installed tarball: server and key from VIGIL_URL / VIGIL_API_KEY, JUnit on every exit code', async () => {
  const gate = await run('npx', ['vigil', 'gate', '--use-case', useCase, '--junit', 'reports/gate.xml'], {
    cwd: app,
    env: serverEnv(),
  });
  assert.equal(gate.code, 1, gate.out);
  assert.match(gate.out, new RegExp(`Use case ${useCase} \\(stage requirements\\): NOT READY`));
  const report = readFileSync(join(app, 'reports/gate.xml'), 'utf8');
  assert.match(report, /<testsuites name="vigil gate [^"]+" tests="\d+" failures="[1-9]\d*"/);

  // A server that is not there: exit 2, and the report is still written, as one failed test case saying why.
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
  const down = await run('npx', ['vigil', 'gate', '--use-case', useCase, '--junit', 'reports/down.xml'], {
    cwd: app,
    env: { VIGIL_URL: `http://127.0.0.1:${port}`, VIGIL_API_KEY: 'x'.repeat(20) },
  });
  assert.equal(down.code, 2, down.out);
  const failed = readFileSync(join(app, 'reports/down.xml'), 'utf8');
  assert.match(failed, /tests="1" failures="1"/);
  assert.match(
    failed,
    new RegExp(`<failure message="cannot reach http://127.0.0.1:${port}: ECONNREFUSED" type="error">`),
  );
  // Usage errors too.
  const usage = await run('npx', ['vigil', 'gate', '--junit', 'reports/usage.xml'], { cwd: app, env: {} });
  assert.equal(usage.code, 2);
  assert.match(readFileSync(join(app, 'reports/usage.xml'), 'utf8'), /--use-case, --server \(or VIGIL_URL\)/);
  const check = await run('npx', ['vigil', 'check', '--suite', 'missing.yaml', '--junit', 'reports/check.xml'], {
    cwd: app,
  });
  assert.equal(check.code, 2);
  assert.match(readFileSync(join(app, 'reports/check.xml'), 'utf8'), /tests="1" failures="1"[\s\S]*missing\.yaml/);
  const serve = await run('npx', ['vigil', 'serve'], { cwd: app });
  assert.equal(serve.code, 2);
  assert.match(serve.out, /not part of @vigil\/cli/);
});

test("the installed SDK's record() reaches the real server (ESM import, types shipped)", async () => {
  const model = `sdk-pkg-${randomUUID().slice(0, 8)}`;
  writeFileSync(
    join(app, 'record.mjs'),
    `import { Vigil } from '@vigil/sdk';
const vigil = new Vigil({ url: process.env.VIGIL_URL, apiKey: process.env.VIGIL_API_KEY });
const requestId = vigil.record({ model: '${model}', endpoint: 'POST /score', latencyMs: 12, prediction: 0.7 });
await vigil.shutdown();
console.log(JSON.stringify({ requestId, stats: vigil.stats() }));
`,
  );
  const out = await run(process.execPath, ['record.mjs'], { cwd: app, env: serverEnv() });
  assert.equal(out.code, 0, out.out);
  const { requestId } = JSON.parse(out.out.trim().split('\n').at(-1)!) as { requestId: string };
  const stored = await s.vigil.app.inject({ url: `/api/v1/events?model=${model}`, headers: s.auth });
  assert.deepEqual(
    stored.json().events.map((e: { requestId: string }) => e.requestId),
    [requestId],
  );
  assert.ok(existsSync(join(app, 'node_modules/@vigil/sdk/dist/index.d.ts')));
});

/** The lines a pipeline file runs in its gate job, with the variables the file defines. */
function pipelineJobs(): Array<{ file: string; lines: string[]; env: Record<string, string> }> {
  const dir = join(ROOT, 'docs/pipelines');
  const gitlab = parseYaml(readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8'));
  const azure = parseYaml(readFileSync(join(dir, 'azure-pipelines.yml'), 'utf8'));
  const azureSteps = azure.stages[0].jobs[0].steps.filter((st: { script?: string }) => st.script);
  const jenkins = readFileSync(join(dir, 'Jenkinsfile'), 'utf8');
  const jenkinsEnv = Object.fromEntries([...jenkins.matchAll(/^\s+(\w+) = '([^']*)'$/gm)].map((m) => [m[1]!, m[2]!]));
  const jenkinsLines = [...jenkins.matchAll(/sh '([^']+)'/g)].map((m) => m[1]!).filter((l) => l !== './deploy.sh');
  return [
    { file: '.gitlab-ci.yml', lines: gitlab['vigil-go-live-gate'].script, env: gitlab.variables },
    {
      file: 'azure-pipelines.yml',
      lines: azureSteps.map((st: { script: string }) => st.script),
      env: {
        ...azure.variables,
        // Azure maps the step's env through macros; here they stand for the test's server.
        ...Object.fromEntries(
          azureSteps
            .flatMap((st: { env?: Record<string, string> }) => Object.keys(st.env ?? {}))
            .map((k: string) => [k, '']),
        ),
      },
    },
    { file: 'Jenkinsfile', lines: jenkinsLines, env: jenkinsEnv },
  ];
}

test('the script lines of the Jenkins, GitLab and Azure DevOps pipeline files run against a real server', async () => {
  const jobs = pipelineJobs();
  assert.equal(jobs.length, 3);
  for (const job of jobs) {
    assert.deepEqual(
      job.lines,
      ['npm ci', 'npx vigil gate --use-case "$USE_CASE" --junit reports/vigil-gate.xml'],
      `${job.file}: the gate job runs exactly these commands`,
    );
    rmSync(join(app, 'reports'), { recursive: true, force: true });
    // The pipeline's own variables, with the server's URL and key as the CI system would inject them.
    const env = { ...job.env, USE_CASE: useCase, ...serverEnv(), npm_config_offline: 'true' };
    const codes: Array<number | null> = [];
    for (const line of job.lines) {
      const r = await run('bash', ['-c', line], { cwd: app, env });
      codes.push(r.code);
      if (line === 'npm ci') assert.equal(r.code, 0, `${job.file}: ${r.out}`);
    }
    assert.deepEqual(codes, [0, 1], `${job.file}: installed, then "not ready" (exit 1)`);
    const report = readFileSync(join(app, 'reports/vigil-gate.xml'), 'utf8');
    assert.match(report, new RegExp(`vigil gate ${useCase}`), job.file);
  }
});
