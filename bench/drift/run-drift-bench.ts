/**
 * Drift benchmark: `vigil drift --json` vs a numpy + scipy script (bench/drift/drift_baseline.py) doing
 * the same tests on the same CSV files, side by side in one run. Writes bench/drift/RESULTS.md.
 *
 *   node --import tsx bench/drift/run-drift-bench.ts [--rows 1000000] [--runs 1] [--keep]
 *
 * Data: 7 numerical columns (normal-ish, 6 decimals, current shifted on 2 of them) and 3 categorical
 * columns (5 categories, skewed), reference and current with the same number of rows.
 * Peak memory is the child's maximum RSS from /usr/bin/time (GNU time); without it only time is reported.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { seededRandom } from '../../packages/server/test/helpers/seeded-random.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TIME = '/usr/bin/time';

interface Measure {
  wall: number;
  cpu: number;
  rssMb: number | null;
  stdout: string;
}

async function writeCsv(path: string, rows: number, seed: number, shift: number): Promise<void> {
  const rnd = seededRandom(seed);
  const cats = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
  const cum = [0.4, 0.7, 0.85, 0.95, 1];
  const pick = () => {
    const u = rnd();
    return cats[cum.findIndex((c) => u < c)];
  };
  const out = createWriteStream(path);
  out.write('num0,num1,num2,num3,num4,num5,num6,cat0,cat1,cat2\n');
  let chunk: string[] = [];
  for (let r = 0; r < rows; r++) {
    const fields: string[] = [];
    for (let c = 0; c < 7; c++) {
      const z = rnd() + rnd() + rnd() + rnd() - 2;
      fields.push((z * (1 + c * 0.5) + (c % 3 === 0 ? shift : 0) + c * 10).toFixed(6));
    }
    fields.push(pick(), pick(), pick());
    chunk.push(fields.join(','));
    if (chunk.length === 10000) {
      if (!out.write(`${chunk.join('\n')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = [];
    }
  }
  if (chunk.length) out.write(`${chunk.join('\n')}\n`);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

function measure(cmd: string[]): Measure {
  const useTime = existsSync(TIME);
  const args = useTime ? ['-f', '__TIME__ %e %U %S %M', ...cmd] : cmd.slice(1);
  const start = performance.now();
  const r = spawnSync(useTime ? TIME : cmd[0], args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wall = (performance.now() - start) / 1000;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd.join(' ')} exited ${r.status}: ${r.stderr}`);
  const m = /__TIME__ ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  return m
    ? { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rssMb: Number(m[4]) / 1024, stdout: r.stdout }
    : { wall, cpu: NaN, rssMb: null, stdout: r.stdout };
}

function sameResults(a: string, b: string): string {
  const x = JSON.parse(a) as { columns: { name: string; method: string; statistic: number }[] };
  const y = JSON.parse(b) as { columns: { name: string; method: string; statistic: number }[] };
  let worst = 0;
  for (let i = 0; i < x.columns.length; i++) {
    if (x.columns[i].method !== y.columns[i].method) return `method differs on ${x.columns[i].name}`;
    worst = Math.max(worst, Math.abs(x.columns[i].statistic - y.columns[i].statistic));
  }
  return `same methods; statistics agree to ${worst.toExponential(1)}`;
}

function sh(cmd: string): string {
  return spawnSync('sh', ['-c', cmd], { encoding: 'utf8' }).stdout.trim();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '1' },
      keep: { type: 'boolean' },
    },
  });
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const dir = mkdtempSync(join(tmpdir(), 'vigil-drift-bench-'));
  const ref = join(dir, 'reference.csv');
  const cur = join(dir, 'current.csv');
  try {
    process.stdout.write(`generating ${rows} rows × 10 columns in ${dir}\n`);
    await writeCsv(ref, rows, 1, 0);
    await writeCsv(cur, rows, 2, 0.05);
    const vigilCmd = [
      process.execPath,
      join(ROOT, 'packages/server/bin/vigil.js'),
      'drift',
      '--reference',
      ref,
      '--current',
      cur,
      '--json',
    ];
    const pyCmd = ['python3', join(ROOT, 'bench/drift/drift_baseline.py'), ref, cur];
    // Warm tsx's transform cache so the timed run measures the command, not the first compile.
    spawnSync(process.execPath, [join(ROOT, 'packages/server/bin/vigil.js'), 'drift', '--help'], { cwd: ROOT });
    const load0 = loadavg()[0];
    const results: { vigil: Measure; python: Measure }[] = [];
    for (let i = 0; i < runs; i++) {
      const vigil = measure(vigilCmd);
      const python = measure(pyCmd);
      results.push({ vigil, python });
      process.stdout.write(
        `run ${i + 1}: vigil ${vigil.wall.toFixed(2)} s ${vigil.rssMb?.toFixed(0)} MB | python ${python.wall.toFixed(2)} s ${python.rssMb?.toFixed(0)} MB\n`,
      );
    }
    const startup = measure([process.execPath, join(ROOT, 'packages/server/bin/vigil.js'), 'drift', '--help']);
    const load1 = loadavg()[0];
    const best = (k: 'vigil' | 'python', f: (m: Measure) => number) => Math.min(...results.map((r) => f(r[k])));
    const v = {
      wall: best('vigil', (m) => m.wall),
      cpu: best('vigil', (m) => m.cpu),
      rss: best('vigil', (m) => m.rssMb ?? NaN),
    };
    const p = {
      wall: best('python', (m) => m.wall),
      cpu: best('python', (m) => m.cpu),
      rss: best('python', (m) => m.rssMb ?? NaN),
    };
    const agreement = sameResults(results[0].vigil.stdout, results[0].python.stdout);
    const versions = sh(
      `python3 -c "import sys, numpy, scipy; print(sys.version.split()[0], numpy.__version__, scipy.__version__)"`,
    ).split(' ');
    const md = `# Drift benchmark results

\`node --import tsx bench/drift/run-drift-bench.ts --rows ${rows} --runs ${runs}\`

- Date: ${new Date().toISOString()}
- Machine: ${sh('nproc')} CPUs (\`nproc\`), ${sh("lscpu | sed -n 's/^Model name:[[:space:]]*//p'") || cpus()[0]?.model}
- Node ${process.version}; Python ${versions[0]}, numpy ${versions[1]}, scipy ${versions[2]}
- Load average (1 min) ${load0.toFixed(2)} before, ${load1.toFixed(2)} after: the machine is shared, so CPU time
  (user + sys) is the steadier comparison; wall time is what a person waits.
- Data: ${rows.toLocaleString('en')} rows × 10 columns (7 numerical with 6 decimals, 3 categorical), reference and
  current, ${sh(`du -m ${ref} | cut -f1`)} MB + ${sh(`du -m ${cur} | cut -f1`)} MB of CSV.
- Work: method \`auto\` (reference > 1,000 rows: \`wasserstein\` on numerical, \`jensenshannon\` on categorical),
  both sides reading the same files; ${agreement}.
- Best of ${runs} run${runs > 1 ? 's' : ''}; peak memory is the process's maximum RSS (GNU time \`%M\`).

| | wall time | CPU (user + sys) | peak RSS |
|---|---|---|---|
| \`vigil drift --json\` (bin/vigil.js) | ${v.wall.toFixed(2)} s | ${v.cpu.toFixed(2)} s | ${v.rss.toFixed(0)} MB |
| of which Node + tsx start-up (\`vigil drift --help\`) | ${startup.wall.toFixed(2)} s | ${startup.cpu.toFixed(2)} s | ${startup.rssMb?.toFixed(0)} MB |
| numpy + scipy (\`drift_baseline.py\`, numpy.loadtxt) | ${p.wall.toFixed(2)} s | ${p.cpu.toFixed(2)} s | ${p.rss.toFixed(0)} MB |
| **ratio** (python / vigil) | **${(p.wall / v.wall).toFixed(1)}×** faster | **${(p.cpu / v.cpu).toFixed(1)}×** less CPU | **${(v.rss / p.rss).toFixed(2)}** of the memory |

Target: ≥ 5× faster with ≤ ¼ the peak memory.

Notes:
- The \`vigil\` bin runs TypeScript through tsx: the start-up row (\`vigil drift --help\`) is paid by every run,
  independent of the data; a compiled build of the CLI would remove most of it.
- Vigil keeps each numerical column as scaled int32 while every value is a short decimal (exact, 4 bytes a
  value), sorts with a 3-pass radix sort and expands one column pair at a time to float64.
- pandas is not installed here; \`pandas.read_csv\` would make the baseline's reading faster.
`;
    writeFileSync(join(ROOT, 'bench/drift/RESULTS.md'), md);
    process.stdout.write(md);
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
