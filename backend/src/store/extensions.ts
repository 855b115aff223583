// Decides, BEFORE any CREATE EXTENSION, whether an extension a migration requires can be used on this
// server and, when it cannot, why and what fixes it. Trying blindly is not safe: where timescaledb is
// installed but missing from shared_preload_libraries, CREATE EXTENSION ends the connection with a
// FATAL instead of raising an error the runner could roll back (issue 18).
//
// The facts come from one catalog query any role may run; the decision is a pure function of them,
// so it is tested both with real servers' answers and with every combination by hand.
import { sqlIdent } from './ident.ts';

/** What the migration runner offers (see migrate.ts); only `query` is needed here. */
interface FactSession {
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  /** true when the driver loads the extensions it was given itself (PGlite): no preload step exists */
  readonly loadsExtensionsItself?: boolean;
}

/**
 * Extensions whose library must be in shared_preload_libraries, each with a setting only that
 * library defines. Reading the setting needs no privilege, unlike shared_preload_libraries itself
 * (superusers and pg_read_all_settings only), so it answers "is it preloaded?" for every role.
 */
const PRELOAD_EVIDENCE: Readonly<Record<string, string>> = { timescaledb: 'timescaledb.disable_load' };

export interface ExtensionFacts {
  name: string;
  role: string;
  database: string;
  /** the server has the extension's files (pg_available_extensions) */
  available: boolean;
  /** already created in this database */
  installed: boolean;
  superuser: boolean;
  /** the default version may be created by a non-superuser holding CREATE on the database */
  trusted: boolean;
  /** the role holds CREATE on the current database (owners do) */
  mayCreateInDatabase: boolean;
  /** null when the extension needs no preloading (or the driver loads it itself) */
  preloaded: boolean | null;
  /** the server's shared_preload_libraries, when this role may read it */
  preloadList: string | null;
}

export type ExtensionDecision =
  | { action: 'use' }
  | { action: 'create' }
  /** warn: false when nothing is misconfigured (the extension is simply not installed) */
  | { action: 'skip'; reason: string; fix: string; warn: boolean }
  /** created in this database but its library is not loaded: its objects cannot be used or written safely */
  | { action: 'refuse'; reason: string; fix: string };

export function decideExtension(f: ExtensionFacts): ExtensionDecision {
  if (!f.available) {
    return {
      action: 'skip',
      reason: `extension ${f.name} is not installed on this server`,
      fix: `install the ${f.name} package for this PostgreSQL version on the server`,
      warn: false,
    };
  }
  if (f.preloaded === false) {
    const list = f.preloadList?.trim() ? `${f.preloadList.trim()},${f.name}` : f.name;
    const fix = `set shared_preload_libraries = '${list}' in postgresql.conf (timescaledb-tune does this) and restart PostgreSQL`;
    if (f.installed) {
      return { action: 'refuse', reason: `extension ${f.name} is created in database "${f.database}" but not preloaded (it is missing from shared_preload_libraries)`, fix };
    }
    return { action: 'skip', reason: `extension ${f.name} is installed but not preloaded (it is missing from shared_preload_libraries)`, fix, warn: true };
  }
  if (f.installed) return { action: 'use' };
  if (f.superuser || (f.trusted && f.mayCreateInDatabase)) return { action: 'create' };
  const grant = f.trusted ? ` (or GRANT CREATE ON DATABASE ${sqlIdent(f.database)} TO ${sqlIdent(f.role)})` : '';
  return {
    action: 'skip',
    reason: `role "${f.role}" may not create extension ${f.name} in database "${f.database}"`,
    fix: `have an administrator run CREATE EXTENSION ${f.name}; in database ${sqlIdent(f.database)}${grant}, then restart Tickstream`,
    warn: true,
  };
}

type FactsRow = Omit<ExtensionFacts, 'name' | 'preloaded'> & { evidence: string | null };

export async function extensionFacts(session: FactSession, name: string): Promise<ExtensionFacts> {
  const evidence = PRELOAD_EVIDENCE[name];
  const rows = await session.query<FactsRow>(
    `SELECT current_user AS role,
            current_database() AS database,
            a.name IS NOT NULL AS available,
            a.installed_version IS NOT NULL AS installed,
            r.rolsuper AS superuser,
            coalesce(v.trusted OR NOT v.superuser, false) AS trusted,
            has_database_privilege(current_database(), 'CREATE') AS "mayCreateInDatabase",
            CASE WHEN r.rolsuper OR pg_has_role('pg_read_all_settings', 'USAGE')
                 THEN current_setting('shared_preload_libraries') END AS "preloadList",
            CASE WHEN $2::text IS NOT NULL THEN current_setting($2::text, true) END AS evidence
       FROM pg_roles r
       LEFT JOIN pg_available_extensions a ON a.name = $1
       LEFT JOIN pg_available_extension_versions v ON v.name = a.name AND v.version = a.default_version
      WHERE r.rolname = current_user`,
    [name, evidence ?? null],
  );
  const row = rows[0];
  if (!row) throw new Error(`cannot read the catalog facts for extension ${name}`);
  const { evidence: loaded, ...facts } = row;
  const needsPreload = evidence !== undefined && session.loadsExtensionsItself !== true;
  return { name, ...facts, preloaded: needsPreload ? loaded !== null : null };
}
