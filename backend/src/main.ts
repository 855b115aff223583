// Process entry (`node backend/src/main.ts`): the module hooks first, then the server. The hooks
// must be registered before the server's modules are resolved, which happens for a module's whole
// static import graph before any of it runs: hence the dynamic import.
import { registerModuleHooks } from './module-hooks.ts';

registerModuleHooks();
await import('./serve.ts');
