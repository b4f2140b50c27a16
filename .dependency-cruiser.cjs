/**
 * Module boundaries of packages/server/src (STYLE.md, docs/ARCHITECTURE.md), checked by dependency-cruiser in
 * `npm run lint`. Rules that are about text rather than imports (SQL, process.env, clock reads, the web app's
 * `import type`) stay in scripts/check-boundaries.ts.
 *
 * The stages in dependency order: a stage may import only itself and the stages before it. It is not quite the
 * order data flows (ingest → storage → analysis → …): pure analysis/ comes first because storage keeps its cells
 * and windows, and ingest feeds them.
 */
const SRC = '^packages/server/src/';
const STAGES = [
  'analysis',
  'storage',
  'audit',
  'identity',
  'ingest',
  'health',
  'alerting',
  'incidents',
  'governance',
  'dashboards',
  'export',
  'privacy',
];
// Everything built on top of the stages: no stage imports these.
const ABOVE = ['api', 'features', 'plugins', 'telemetry', 'demo', 'cli', 'app\\.ts$', 'main\\.ts$', 'index\\.ts$'];
const any = (names) => `${SRC}(${names.join('|')})`;
// The pure parts: no store access at run time (record types from storage/contracts may be imported as types).
const PURE_ALERTING = `${SRC}(alerting/(evaluation|rules|routing|slo)|incidents/(escalation|digest|tuning))/`;
const IMPURE_MODULES = '^(node:)?(fs|http|https|net|child_process)$|(^|/)node_modules/(fastify|better-sqlite3|pg)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: split the shared part into a module of its own so arrows point one way.',
      from: { path: SRC },
      to: { circular: true },
    },
    ...STAGES.map((stage, i) => ({
      name: `no-later-stage-from-${stage}`,
      severity: 'error',
      comment: `${stage}/ may import only itself and earlier stages (${STAGES.slice(0, i).join(', ') || 'none'}), errors/ and config/.`,
      from: { path: `${SRC}${stage}/` },
      to: { path: any([...STAGES.slice(i + 1), ...ABOVE]) },
    })),
    {
      name: 'base-imports-no-stage',
      severity: 'error',
      comment: 'errors/ and config/ sit under every stage.',
      from: { path: `${SRC}(errors|config)/` },
      to: { path: any([...STAGES, ...ABOVE]) },
    },
    {
      name: 'analysis-is-pure',
      severity: 'error',
      comment: 'analysis/ is pure: numbers in, numbers out; no other folder, no I/O, no HTTP, no database.',
      from: { path: `${SRC}analysis/` },
      to: {
        pathNot: [`${SRC}(analysis|errors)/`, '^packages/protocol/', '(^|/)node_modules/'],
        path: '^packages/',
      },
    },
    {
      name: 'analysis-no-io',
      severity: 'error',
      from: { path: `${SRC}analysis/` },
      to: { path: IMPURE_MODULES },
    },
    {
      name: 'pure-alerting-no-store',
      severity: 'error',
      comment: 'Rule evaluation, routing, SLO math, escalation and the digest are pure: storage record types only.',
      from: { path: PURE_ALERTING },
      to: { path: `${SRC}storage/`, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'pure-alerting-no-io',
      severity: 'error',
      from: { path: PURE_ALERTING },
      to: { path: `${IMPURE_MODULES}|${SRC}(ingest|api|plugins)/` },
    },
    {
      name: 'backend-chosen-in-storage-index',
      severity: 'error',
      comment: 'Only storage/index.ts chooses a backend: nobody outside storage/ imports storage/sqlite (or postgres).',
      from: { pathNot: `${SRC}storage/` },
      to: { path: `${SRC}storage/(sqlite|postgres)/` },
    },
    {
      name: 'database-driver-only-in-storage',
      severity: 'error',
      from: { path: SRC, pathNot: `${SRC}storage/` },
      to: { path: '(^|/)node_modules/(better-sqlite3|pg)/' },
    },
    {
      name: 'route-files-never-import-route-files',
      severity: 'error',
      comment: 'Route files are thin adapters over their own service; what two share lives in the service or api/http.',
      from: { path: '-routes\\.ts$' },
      to: { path: '-routes\\.ts$' },
    },
    {
      name: 'api-never-imports-storage',
      severity: 'error',
      comment: 'Routes reach the store only through their stage service.',
      from: { path: `${SRC}api/` },
      to: { path: `${SRC}storage/` },
    },
    {
      name: 'api-imports-only-its-own-service',
      severity: 'error',
      comment:
        'api/<stage>/ imports only its own stage (through its index.ts), errors/, api/http/ and its own folder; @vigil/protocol and libraries are fine.',
      from: { path: `${SRC}api/([^/]+)/`, pathNot: `${SRC}api/http/` },
      to: { path: SRC, pathNot: `${SRC}(api/$1/|api/http/|errors/|$1/index\\.ts$)` },
    },
    {
      name: 'api-http-is-shared-parsing-only',
      severity: 'error',
      from: { path: `${SRC}api/http/` },
      to: { path: SRC, pathNot: `${SRC}(api/http/|errors/|ingest/index\\.ts$)` },
    },
    {
      name: 'features-import-no-app',
      severity: 'error',
      comment: 'The composition root imports features; features (and everything else) never import it.',
      from: { path: SRC, pathNot: `${SRC}(main\\.ts|index\\.ts|demo/|cli/)` },
      to: { path: `${SRC}app\\.ts$` },
    },
    {
      name: 'only-app-imports-features',
      severity: 'error',
      from: { path: SRC, pathNot: `${SRC}(app\\.ts$|features/)` },
      to: { path: `${SRC}features/` },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import the cruiser cannot resolve would slip past every rule above.',
      from: { path: SRC },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    exclude: { path: '\\.test\\.ts$|\\.test-support\\.ts$' },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
