// Per-event cost of the profile hot path (ProfileBuilder.add with 10 features + outputs).
// Run: node --import tsx bench/profile-bench.ts [events]
import { ProfileBuilder, addEventToProfile, serialiseProfile } from '../packages/server/src/analysis/profile/index.js';
import type { Event } from '@vigil/protocol';
import { seededRandom } from '../packages/server/test/helpers/seeded-random.js';

const total = Number(process.argv[2] ?? 1_000_000);
const pool = 4096;
const rand = seededRandom(42);
const cities = ['Lyon', 'Paris', 'Nantes', 'Lille', 'Nice', 'Brest', 'Metz', 'Tours'];
// A realistic mix: 7 numeric (one sometimes missing), 2 categorical, 1 boolean.
const events: Event[] = [];
for (let i = 0; i < pool; i++) {
  events.push({
    model: 'bench',
    features: {
      age: Math.floor(18 + rand() * 60),
      income: Math.exp(10 + rand() * 2),
      score: rand() * 2 - 1,
      visits: Math.floor(rand() * 50),
      basket: rand() < 0.1 ? null : rand() * 300,
      tenureDays: Math.floor(rand() * 3000),
      temperature: -10 + rand() * 45,
      city: cities[Math.floor(rand() * cities.length)],
      segment: `seg-${Math.floor(rand() * 200)}`,
      isMember: rand() < 0.3,
    },
    prediction: { label: rand() < 0.5 ? 'yes' : 'no', score: rand() },
    latencyMs: rand() * 40,
  });
}

function run(label: string, n: number, fn: (b: ProfileBuilder, e: Event) => void): number {
  const builder = new ProfileBuilder('bench', { start: 0, end: 3_600_000 });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(builder, events[i & (pool - 1)]);
  const ns = Number(process.hrtime.bigint() - t0) / n;
  if (label)
    console.log(
      `${label}: ${ns.toFixed(0)} ns/event (${n} events, ${(1e9 / ns / 1000).toFixed(0)}k events/s on one core)`,
    );
  return ns;
}

const featuresOnly = (b: ProfileBuilder, e: Event): void =>
  b.add(e.features as Record<string, number | string | boolean | null>);
run('', Math.min(total, 200_000), featuresOnly);
run('', Math.min(total, 200_000), addEventToProfile);
run('features only (10 columns)', total, featuresOnly);
run('whole event (10 features + prediction/score/confidence/latency)', total, addEventToProfile);

const b = new ProfileBuilder('bench', { start: 0, end: 3_600_000 });
for (let i = 0; i < 100_000; i++) addEventToProfile(b, events[i & (pool - 1)]);
console.log(
  `serialised profile of 100k events, 14 columns: ${(serialiseProfile(b.profile).length / 1024).toFixed(1)} KiB`,
);
