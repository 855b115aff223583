// Every environment variable the app reads is parsed here, once. Nothing else reads process.env.
import { z } from 'zod';
import { checkWebhookUrl, parseSymbolList } from '@tickstream/shared';
import { AppError } from './errors.ts';
import { parsePortfolioSeed } from './config-portfolio.ts';
import { sslSettingsProblem } from './store/connection.ts';

const DEFAULT_WATCHLIST = 'AAPL,MSFT,GOOGL,AMZN,NVDA,TSLA,BTC-USD,ETH-USD';

const symbolList = (empty: 'allow' | 'deny') =>
  z.string().transform((raw, ctx) => {
    if (raw.trim() === '' && empty === 'allow') return [];
    const list = parseSymbolList(raw);
    if (!list) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(raw)} is not a list of ticker symbols` });
      return z.NEVER;
    }
    return list;
  });

const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], 'must be true or false')
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL`);

/** Optional values: an empty string counts as unset, so `.env` lines like `REDIS_URL=` work. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const envSchema = z.object({
  WATCHLIST: symbolList('deny').default(parseSymbolList(DEFAULT_WATCHLIST) ?? []),
  QUOTE_SOURCE: z.enum(['yahoo', 'simulated'], 'must be "yahoo" or "simulated"').default('yahoo'),
  POLL_INTERVAL_SECONDS: int(1, 3600).default(60),
  DATABASE_URL: optional(
    url(['postgres:', 'postgresql:']).superRefine((v, ctx) => {
      const problem = sslSettingsProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  ),
  DATA_DIR: z.string().min(1).default('./data'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(3000),
  REDIS_URL: optional(url(['redis:', 'rediss:'])),
  REDIS_PREFIX: z.string().regex(/^[a-zA-Z0-9:_-]+$/, 'must be letters, digits, ":", "_" or "-"').default('tickstream'),
  BACKFILL_DAYS: int(0, 30).default(5),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: optional(bool),
  SIMULATION_SEED: int(0, 2 ** 31 - 1).default(42),
  SIMULATION_MARKET: z.enum(['always-open', 'us-equities'], 'must be "always-open" or "us-equities"').default('always-open'),
  YAHOO_TIMEOUT_SECONDS: int(1, 120).default(10),
  YAHOO_CONCURRENCY: int(1, 16).default(4),
  BACKOFF_MAX_SECONDS: int(1, 3600).default(300),
  HISTORY_MAX_ROWS: int(10, 100_000).default(5000),
  WRITE_QUEUE_MAX: int(0, 10_000_000).default(100_000),
  WS_MAX_PAYLOAD_BYTES: int(64, 1_048_576).default(16_384),
  WS_MAX_SYMBOLS: int(1, 10_000).default(200),
  WS_MAX_CONNECTIONS_PER_IP: int(1, 1_000_000).default(100),
  WS_SLOW_CLIENT_BYTES: int(1024, 1_073_741_824).default(4_194_304),
  WS_HEARTBEAT_SECONDS: int(1, 3600).default(30),
  WS_DEFLATE: optional(bool),
  REPLAY_BUFFER_SIZE: int(0, 10_000_000).default(50_000),
  ALLOWED_ORIGINS: optional(
    z
      .string()
      .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^https?:\/\/[^/]+$/, 'must be a comma-separated list of origins like https://example.com'))),
  ),
  ALLOWED_HOSTS: optional(
    z
      .string()
      .transform((v) => v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))
      .pipe(
        z.array(
          z.string().regex(/^\.?[a-z0-9_-]+(\.[a-z0-9_-]+)*$/, 'must be a comma-separated list of host names like tickstream.lan (no scheme or port; .example.com allows its subdomains)'),
        ),
      ),
  ),
  TRUST_PROXY: optional(bool),
  API_TOKEN: optional(z.string().min(16, 'must be at least 16 characters')),
  MAX_SYMBOLS: int(1, 100_000).default(500),
  VIEW_GRACE_SECONDS: int(0, 86_400).default(300),
  SEARCH_CACHE_SECONDS: int(0, 86_400).default(300),
  SEARCH_RATE_LIMIT: int(1, 100_000).default(60),
  ALERT_WEBHOOK_URL: optional(
    z.string().trim().transform((raw, ctx) => {
      const checked = checkWebhookUrl(raw);
      if (checked.ok) return checked.url;
      ctx.addIssue({ code: 'custom', message: checked.message });
      return z.NEVER;
    }),
  ),
  ALERT_WEBHOOK_SECRET: optional(z.string().min(16, 'must be at least 16 characters')),
  MAX_ALERTS: int(1, 100_000).default(500),
  PORTFOLIO: optional(
    z.string().superRefine((raw, ctx) => {
      const parsed = parsePortfolioSeed(raw);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
    }),
  ),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  watchlist: string[];
  source: { kind: 'yahoo' | 'simulated'; seed: number; market: Env['SIMULATION_MARKET']; timeoutMs: number; concurrency: number };
  poll: { intervalMs: number; backoffMaxMs: number; backfillDays: number; writeQueueMax: number };
  db: { url: string | undefined; dataDir: string };
  http: {
    host: string;
    port: number;
    trustProxy: boolean;
    historyMaxRows: number;
    allowedOrigins: string[] | undefined;
    /** host names besides IP literals and localhost that requests may name (DNS rebinding guard) */
    allowedHosts: string[] | undefined;
    apiToken: string | undefined;
  };
  redis: { url: string | undefined; prefix: string };
  ws: { maxPayload: number; maxSymbols: number; maxConnectionsPerIp: number; slowClientBytes: number; heartbeatMs: number; replayBufferSize: number; deflate: boolean };
  log: { level: Env['LOG_LEVEL']; pretty: boolean | undefined };
  portfolioSeed: string | undefined;
  /** MAX_SYMBOLS bounds the distinct symbols followed (lists, holdings, alerts, viewed); VIEW_GRACE_SECONDS */
  symbols: { max: number; viewGraceMs: number };
  search: { cacheSeconds: number; ratePerMinute: number };
  alerts: {
    /** where alerts without their own webhookUrl are delivered */
    webhookUrl: string | undefined;
    /** HMAC-SHA256 key of the X-Tickstream-Signature header; never logged */
    webhookSecret: string | undefined;
    max: number;
  };
}

export class ConfigError extends AppError {
  constructor(message: string) {
    super('CONFIG_INVALID', message);
  }
}

/** Variables whose value is a secret or may hold one (a password in a URL): never printed. */
export const SECRET_VARS: ReadonlySet<string> = new Set(['API_TOKEN', 'DATABASE_URL', 'REDIS_URL', 'ALERT_WEBHOOK_SECRET', 'ALERT_WEBHOOK_URL']);

/** One line per issue: the variable, its value unless secret, the rule; a secret echoed by a message is masked too. */
function describeIssue(issue: z.core.$ZodIssue, env: Record<string, string | undefined>): string {
  const name = String(issue.path[0] ?? 'environment');
  const value = env[name];
  if (SECRET_VARS.has(name)) {
    const message = value ? issue.message.split(value).join('<hidden>') : issue.message;
    return `${name}: ${message} (value not shown: it is secret)`;
  }
  const quoted = issue.message.startsWith('"') || value === undefined ? '' : `${JSON.stringify(value)} `;
  return `${name}: ${quoted}${issue.message}`;
}

/** Parses the environment; throws ConfigError with one line per bad variable, each naming it. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const known = Object.fromEntries(Object.keys(envSchema.shape).map((k) => [k, env[k]]));
  const parsed = envSchema.safeParse(known);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => describeIssue(issue, env)).join('\n'));
  const e = parsed.data;
  return {
    watchlist: e.WATCHLIST,
    source: {
      kind: e.QUOTE_SOURCE,
      seed: e.SIMULATION_SEED,
      market: e.SIMULATION_MARKET,
      timeoutMs: e.YAHOO_TIMEOUT_SECONDS * 1000,
      concurrency: e.YAHOO_CONCURRENCY,
    },
    poll: {
      intervalMs: e.POLL_INTERVAL_SECONDS * 1000,
      backoffMaxMs: e.BACKOFF_MAX_SECONDS * 1000,
      backfillDays: e.BACKFILL_DAYS,
      writeQueueMax: e.WRITE_QUEUE_MAX,
    },
    db: { url: e.DATABASE_URL, dataDir: e.DATA_DIR },
    http: {
      host: e.HOST,
      port: e.PORT,
      trustProxy: e.TRUST_PROXY ?? false,
      historyMaxRows: e.HISTORY_MAX_ROWS,
      allowedOrigins: e.ALLOWED_ORIGINS,
      allowedHosts: e.ALLOWED_HOSTS,
      apiToken: e.API_TOKEN,
    },
    redis: { url: e.REDIS_URL, prefix: e.REDIS_PREFIX },
    ws: {
      maxPayload: e.WS_MAX_PAYLOAD_BYTES,
      maxSymbols: e.WS_MAX_SYMBOLS,
      maxConnectionsPerIp: e.WS_MAX_CONNECTIONS_PER_IP,
      slowClientBytes: e.WS_SLOW_CLIENT_BYTES,
      heartbeatMs: e.WS_HEARTBEAT_SECONDS * 1000,
      replayBufferSize: e.REPLAY_BUFFER_SIZE,
      deflate: e.WS_DEFLATE ?? true,
    },
    log: { level: e.LOG_LEVEL, pretty: e.LOG_PRETTY },
    portfolioSeed: e.PORTFOLIO,
    symbols: { max: e.MAX_SYMBOLS, viewGraceMs: e.VIEW_GRACE_SECONDS * 1000 },
    search: { cacheSeconds: e.SEARCH_CACHE_SECONDS, ratePerMinute: e.SEARCH_RATE_LIMIT },
    alerts: { webhookUrl: e.ALERT_WEBHOOK_URL, webhookSecret: e.ALERT_WEBHOOK_SECRET, max: e.MAX_ALERTS },
  };
}

/** The environment variable names the app reads (checked against .env.example and the README). */
export const ENV_VARS = Object.keys(envSchema.shape);
