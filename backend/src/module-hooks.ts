// Node's module resolution, sped up where it measurably costs. Node 24 looks up the package of every
// ES module file it loads (to know the file's format) and, in doing so, parses that package's whole
// `exports` map again (getPackageScopeConfig spreads the lazily parsed package.json). drizzle-orm's
// package.json is 179 KB and the server loads hundreds of its files: importing it took 1.1-1.2 s of
// CPU at every start on a 2-core machine, 85 ms with this hook. Its files import each other by
// relative path and are all ES modules ("type": "module"), so those imports are resolved here, as
// Node would resolve them, without the lookup. Everything else goes to Node's own resolution.
import { registerHooks } from 'node:module';

const DRIZZLE = '/node_modules/drizzle-orm/';

export function registerModuleHooks(): void {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.includes(DRIZZLE)) {
        return { url: new URL(specifier, context.parentURL).href, format: 'module', shortCircuit: true };
      }
      return nextResolve(specifier, context);
    },
  });
}
