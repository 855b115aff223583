// The contract hook of the HTTP test helpers (api-harness.ts, portfolio-support.ts, raw-http.ts):
// every answer they see from /api/* or /metrics must be one the OpenAPI document states: a
// documented status for that route (an unmatched route only what `x-unmatched-route` states), a documented
// media type, and a JSON body its schema accepts: no undocumented field, no undocumented error code.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { buildOpenApiDocument, type OpenApiDocument, type OpenApiOperation } from '@tickstream/shared/openapi';

export interface Observed {
  method: string;
  /** path with its query, as requested */
  path: string;
  status: number;
  contentType: string;
  /** undefined when the client never read it (an event stream, a page gone before it arrived): only status and media type are checked */
  body: string | undefined;
}

const templateRegex = (template: string) => new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);

export function createContract(doc: OpenApiDocument = buildOpenApiDocument()) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validators = new Map<string, ValidateFunction>();
  const unmatched = (doc['x-unmatched-route'] as { responses: OpenApiOperation['responses'] }).responses;
  const templates = Object.keys(doc.paths).map((t) => ({ t, re: templateRegex(t) }));

  const validator = (key: string, schema: object): ValidateFunction => {
    let v = validators.get(key);
    if (!v) validators.set(key, (v = ajv.compile(schema)));
    return v;
  };

  /** What is wrong with this answer, by the document; empty when it is as documented. */
  function violations(r: Observed): string[] {
    const pathname = new URL(r.path, 'http://contract.invalid').pathname;
    if (pathname !== '/metrics' && pathname !== '/api' && !pathname.startsWith('/api/')) return [];
    const method = r.method.toLowerCase() === 'head' ? 'get' : r.method.toLowerCase();
    const template = templates.find(({ re }) => re.test(pathname))?.t;
    const op = template ? doc.paths[template]?.[method] : undefined;
    const route = op ? `${method.toUpperCase()} ${template}` : 'an undocumented route';
    const where = `${r.method} ${r.path} answered ${r.status}`;
    const response = (op?.responses ?? unmatched)[String(r.status)];
    if (!response) return [`${where}: status ${r.status} is not documented for ${route}`];
    if (!response.content) return !r.body ? [] : [`${where} with a body; ${route} documents none for ${r.status}`];
    const media = r.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    const entry = response.content[media];
    if (!entry) return [`${where} as ${JSON.stringify(media)}; ${route} documents ${Object.keys(response.content).join(', ')}`];
    if (media !== 'application/json' || r.method.toUpperCase() === 'HEAD' || r.body === undefined) return [];
    let body: unknown;
    try {
      body = JSON.parse(r.body);
    } catch {
      return [`${where} with a body that is not JSON`];
    }
    const validate = validator(`${route} ${r.status}`, entry.schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${where}: body${e.instancePath} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)} (${route})`);
  }

  return {
    violations,
    /** Throws, naming every violation, when the answer is not as documented. */
    check(r: Observed): void {
      const found = violations(r);
      if (found.length > 0) throw new Error(`answer not in /api/openapi.json:\n  ${found.join('\n  ')}`);
    },
  };
}

let shared: ReturnType<typeof createContract> | undefined;

/** The hook the HTTP helpers call with every answer. */
export function checkContract(r: Observed): void {
  (shared ??= createContract()).check(r);
}
