import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES } from '../api-errors.ts';
import { healthResponseSchema, portfolioResponseSchema } from '../api-responses.ts';
import { buildOpenApiDocument } from './document.ts';
import { API_ERROR_STATUS } from './error-statuses.ts';
import { ROUTES } from './routes.ts';

type Doc = ReturnType<typeof buildOpenApiDocument>;
type Response = Doc['paths'][string][string]['responses'][string];
/** The codes an error answer's schema allows (`error.code`'s enum); none for other answers. */
const codesOf = (response: Response): string[] => {
  const schema = response.content?.['application/json']?.schema as { properties?: { error?: { properties?: { code?: { enum?: string[] } } } } } | undefined;
  return schema?.properties?.error?.properties?.code?.enum ?? [];
};
const allResponses = (doc: Doc) => Object.values(doc.paths).flatMap((methods) => Object.values(methods).flatMap((op) => Object.entries(op.responses)));

describe('the OpenAPI document', () => {
  it('validates as OpenAPI 3.1', async () => {
    const validator = new Validator();
    expect(await validator.validate(buildOpenApiDocument())).toEqual({ valid: true });
    expect(validator.version).toBe('3.1');
  });

  it('is refused by the validator when a response lacks its description (the check is real)', async () => {
    const doc = buildOpenApiDocument();
    delete (doc.paths['/api/quotes']?.get?.responses['200'] as { description?: unknown }).description;
    expect((await new Validator().validate(doc)).valid).toBe(false);
  });

  it('documents every route once, with a 2xx or 101 answer', () => {
    const doc = buildOpenApiDocument();
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`));
    expect(operations.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    expect(operations).toEqual(expect.arrayContaining([
      'get /api/history', 'get /api/quotes', 'get /api/health', 'get /api/portfolio', 'get /api/portfolio/holdings',
      'post /api/portfolio/holdings', 'put /api/portfolio/holdings/{id}', 'delete /api/portfolio/holdings/{id}',
      'get /api/stream', 'get /metrics', 'get /ws',
    ]));
  });

  it('names every REST error code on some route, each under its one status', () => {
    const doc = buildOpenApiDocument();
    const unmatched = Object.entries((doc['x-unmatched-route'] as { responses: Record<string, Response> }).responses);
    const seen = [...allResponses(doc), ...unmatched].flatMap(([status, response]) => codesOf(response).map((code) => ({ code, status: Number(status) })));
    expect([...new Set(seen.map((s) => s.code))].sort()).toEqual([...API_ERROR_CODES].sort());
    for (const { code, status } of seen) expect([code, status]).toEqual([code, API_ERROR_STATUS[code as keyof typeof API_ERROR_STATUS]]);
    expect(seen.length).toBeGreaterThan(API_ERROR_CODES.length);
  });

  it('takes response fields from the shared schemas, so a renamed field shows up by itself', () => {
    const doc = buildOpenApiDocument();
    const fieldsOf = (path: string, status: string) =>
      Object.keys((doc.paths[path]?.get?.responses[status]?.content?.['application/json']?.schema as { properties: object }).properties);
    expect(fieldsOf('/api/health', '200')).toEqual(Object.keys(healthResponseSchema.shape));
    expect(fieldsOf('/api/health', '503')).toEqual(Object.keys(healthResponseSchema.shape));
    expect(fieldsOf('/api/portfolio', '200')).toEqual(Object.keys(portfolioResponseSchema.shape));
  });
});
