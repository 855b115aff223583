// Import rules for the backend, checked by `npm run lint:deps` (part of `npm run lint`).
// Type-only imports count: a cycle of types still ties the modules' designs together.

/**
 * TEMPORARY (issue 13): folders whose modules still import `type { Context }` from app.ts until
 * their part of the refactor is merged. The final merge empties this list; then both rules below
 * hold for the whole of backend/src.
 */
const PENDING = ['^backend/src/(live|http|portfolio)/'];

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Imports run one way: a module must not reach itself through its imports (type-only imports included).',
      from: { path: '^backend/src/' },
      to: { circular: true, viaNot: PENDING.length ? PENDING : undefined },
    },
    {
      name: 'only-main-imports-app',
      severity: 'error',
      comment: 'app.ts is the composition root: modules below it take a narrow deps object instead of importing it.',
      from: { path: '^backend/src/', pathNot: ['^backend/src/main\\.ts$', ...PENDING] },
      to: { path: '^backend/src/app\\.ts$' },
    },
    {
      name: 'config-imports-no-feature',
      severity: 'error',
      comment: 'Parsing the environment needs no feature module (the PORTFOLIO syntax lives in config-portfolio.ts).',
      from: { path: '^backend/src/config[.-]' },
      to: { path: '^backend/src/(poller|live|http|portfolio|history|sources|bus)/' },
    },
  ],
  options: {
    includeOnly: '^(backend/src|shared/src)/',
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
