// Vitest setupFile of the backend projects: the server's module hooks (backend/src/module-hooks.ts)
// in each test process too, before a test file imports drizzle-orm (~1 s of CPU per process without).
import { registerModuleHooks } from '../../src/module-hooks.ts';

registerModuleHooks();
