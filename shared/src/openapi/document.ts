// Builds the OpenAPI 3.1 document of the REST API from ROUTES and the shared zod schemas (zod 4's
// own JSON Schema output, draft 2020-12, which is OpenAPI 3.1's dialect). Served at
// /api/openapi.json, rendered at /api/docs, and what the contract tests check every answer against.
import * as z from 'zod/mini';
import { apiErrorBodySchema, type ApiErrorCode } from '../api-errors.ts';
import { API_ERROR_STATUS, EVERY_ROUTE_ERRORS } from './error-statuses.ts';
import { ROUTES, type AnswerDoc, type ParamDoc, type RouteDoc } from './routes.ts';

export type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, OpenApiOperation>> };
export interface OpenApiOperation {
  operationId: string;
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
  [key: string]: unknown;
}

/** A zod schema as plain JSON Schema: `output` for what the server sends, `input` for what it accepts. */
export function toJsonSchema(schema: z.ZodMiniType, io: 'input' | 'output' = 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' });
  return rest;
}

const isZod = (s: unknown): s is z.ZodMiniType => s instanceof z.ZodMiniType;

/** The error body of one status, its `code` narrowed to the codes this route answers with at that status. */
export function errorBodySchema(codes: readonly ApiErrorCode[]): z.ZodMiniType {
  const [first, ...rest] = codes;
  if (first === undefined) throw new Error('an error answer needs at least one code');
  return z.extend(apiErrorBodySchema, { error: z.extend(apiErrorBodySchema.shape.error, { code: z.enum([first, ...rest]) }) });
}

/** The codes a route answers with, grouped by status. */
export function errorsByStatus(route: Pick<RouteDoc, 'errors'>): Map<number, ApiErrorCode[]> {
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of new Set([...route.errors, ...EVERY_ROUTE_ERRORS])) {
    const status = API_ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}

function parameter(p: ParamDoc): JsonSchema {
  return { name: p.name, in: p.in, required: p.required ?? p.in === 'path', description: p.description, schema: isZod(p.schema) ? toJsonSchema(p.schema, 'input') : p.schema };
}

function answer(a: AnswerDoc): OpenApiOperation['responses'][string] {
  const content = a.json
    ? { 'application/json': { schema: toJsonSchema(a.json) } }
    : a.media
      ? { [a.media.type]: { schema: { type: a.media.type === 'application/json' ? 'object' : 'string', description: a.media.description } } }
      : undefined;
  const headers = a.headers
    ? Object.fromEntries(Object.entries(a.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]))
    : undefined;
  return { description: a.description, ...(headers ? { headers } : {}), ...(content ? { content } : {}) };
}

function operationId(route: RouteDoc): string {
  const words = route.path.replace(/[{}]/g, '').split(/[^a-zA-Z]+/).filter((w) => w && w !== 'api' && w !== 'json');
  return route.method + words.map((w) => w[0]?.toUpperCase() + w.slice(1)).join('') + (route.path.includes('{id}') ? 'ById' : '');
}

/** The error answers of a route, one per status, each naming its codes. */
export function errorResponses(route: Pick<RouteDoc, 'errors'>): OpenApiOperation['responses'] {
  const responses: OpenApiOperation['responses'] = {};
  for (const [status, codes] of errorsByStatus(route)) {
    responses[status] = { description: codes.join(', '), content: { 'application/json': { schema: toJsonSchema(errorBodySchema(codes)) } } };
  }
  return responses;
}

function operation(route: RouteDoc): OpenApiOperation {
  const responses: OpenApiOperation['responses'] = {};
  for (const [status, a] of Object.entries(route.answers)) responses[status] = answer(a);
  for (const [status, error] of Object.entries(errorResponses(route))) {
    if (responses[status]) throw new Error(`${route.method} ${route.path}: status ${status} is both an answer and an error`);
    responses[status] = error;
  }
  return {
    operationId: operationId(route),
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(route.params ? { parameters: route.params.map(parameter) } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: toJsonSchema(route.body, 'input') } } } } : {}),
    responses,
  };
}

export const UNMATCHED_ROUTE = 'Any other path under /api, or a method a path does not take, answers 404 NOT_FOUND with the error body.';

export function buildOpenApiDocument(routes: readonly RouteDoc[] = ROUTES): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method] = operation(route);
  return {
    openapi: '3.1.1',
    info: {
      title: 'Tickstream API',
      version: '1',
      description: [
        'The REST API of a Tickstream server. Every error answers `{ error: { code, message, fields? } }`; each code has one status, listed per route.',
        UNMATCHED_ROUTE,
        'The live protocol (WebSocket /ws and SSE /api/stream) is described in /api/asyncapi.json.',
      ].join('\n\n'),
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: [
      { name: 'market', description: 'quotes, history and symbol search' },
      { name: 'watchlists', description: 'named symbol lists, edited in the page' },
      { name: 'portfolio', description: 'holdings and their live valuation' },
      { name: 'alerts', description: 'price alerts, their firings and webhook deliveries' },
      { name: 'live', description: 'live messages over SSE' },
      { name: 'operations', description: 'health and metrics' },
      { name: 'reference', description: 'these documents' },
    ],
    paths,
    /** what a path or method that is not in `paths` answers (what the contract tests hold it to) */
    'x-unmatched-route': { responses: errorResponses({ errors: ['NOT_FOUND'] }) },
  };
}
