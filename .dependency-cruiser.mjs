// Import rules for the backend, checked by `npm run lint:deps` (part of `npm run lint`).
// Type-only imports count: a cycle of types still ties the modules' designs together.

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Imports run one way: a module must not reach itself through its imports (type-only imports included).',
      from: { path: '^backend/src/' },
      to: { circular: true },
    },
    {
      name: 'only-serve-imports-app',
      severity: 'error',
      comment: 'app.ts is the composition root: modules below it take a narrow deps object instead of importing it.',
      from: { path: '^backend/src/', pathNot: '^backend/src/serve\\.ts$' },
      to: { path: '^backend/src/app\\.ts$' },
    },
    {
      name: 'config-imports-no-feature',
      severity: 'error',
      comment: 'Parsing the environment needs no feature module (the PORTFOLIO syntax lives in config-portfolio.ts).',
      from: { path: '^backend/src/config[.-]' },
      to: { path: '^backend/src/(poller|live|http|portfolio|history|sources|bus|alerts)/' },
    },
    // Layers of the core folders (what each may import is listed in docs/architecture.md).
    {
      name: 'store-is-below-features',
      severity: 'error',
      comment: 'store/ is the storage boundary: it knows no feature, source or delivery module.',
      from: { path: '^backend/src/store/' },
      to: { path: '^backend/src/(poller|sources|bus|live|http|portfolio|history|alerts)/' },
    },
    {
      name: 'sources-stand-alone',
      severity: 'error',
      comment: 'A quote source only fetches and parses: it knows nothing of storage, polling or delivery.',
      from: { path: '^backend/src/sources/' },
      to: { path: '^backend/src/(store|poller|bus|live|http|portfolio|history)/' },
    },
    {
      name: 'sources-apart',
      severity: 'error',
      comment: 'sources/yahoo/ and sources/simulated/ share only what sits at sources/ top level.',
      from: { path: '^backend/src/sources/(yahoo|simulated)/' },
      to: { path: '^backend/src/sources/(yahoo|simulated)/', pathNot: '^backend/src/sources/$1/' },
    },
    {
      name: 'poller-publishes-through-its-contract',
      severity: 'error',
      comment: 'The poller reaches live delivery only through MarketPublisher (poller/types.ts), which app.ts wires.',
      from: { path: '^backend/src/poller/' },
      to: { path: '^backend/src/(bus|live|http|portfolio|history|alerts)/' },
    },
    {
      name: 'bus-below-live',
      severity: 'error',
      comment: 'The bus carries positioned messages; live/ uses it, never the other way round.',
      from: { path: '^backend/src/bus/' },
      to: { path: '^backend/src/(store|sources|poller|live|http|portfolio|history|routes)/' },
    },
    // Layers of the edge folders.
    {
      name: 'live-core-below-transports',
      severity: 'error',
      comment: 'live/core/ (stream, replay, hub, sessions) knows no transport; WebSocket and SSE build on it.',
      from: { path: '^backend/src/live/core/' },
      to: { path: '^backend/src/live/transports/' },
    },
    {
      name: 'http-is-plumbing',
      severity: 'error',
      comment: 'http/ is Express plumbing (errors, guards, headers, bodies): features use it, it uses no feature.',
      from: { path: '^backend/src/http/' },
      to: { path: '^backend/src/(poller|live|portfolio|history|routes|alerts)/' },
    },
    {
      name: 'alerts-through-narrow-deps',
      severity: 'error',
      comment: 'alerts/ reaches the poll, live delivery and the symbol sync only through the parts app.ts hands it (AlertsParts).',
      from: { path: '^backend/src/alerts/' },
      to: { path: '^backend/src/(poller|bus|live|http|portfolio|history|routes|sources)/' },
    },
    {
      name: 'routes-only-from-app',
      severity: 'error',
      comment: 'routes/ is the one place routes are mounted; only the composition root mounts it.',
      from: { path: '^backend/src/', pathNot: '^backend/src/(app|routes/.*)\\.ts$' },
      to: { path: '^backend/src/routes/' },
    },
  ],
  options: {
    includeOnly: '^(backend/src|shared/src)/',
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
