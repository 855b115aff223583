// The API reference, generated from the shared schemas: `@tickstream/shared/openapi`.
export { buildOpenApiDocument, errorBodySchema, errorResponses, errorsByStatus, toJsonSchema, UNMATCHED_ROUTE } from './document.ts';
export type { JsonSchema, OpenApiDocument, OpenApiOperation } from './document.ts';
export { buildAsyncApiDocument, closeCodes, liveMessages } from './asyncapi.ts';
export type { LiveMessageDoc } from './asyncapi.ts';
export { API_ERROR_STATUS, EVERY_ROUTE_ERRORS } from './error-statuses.ts';
export { ROUTES } from './routes.ts';
export type { RouteDoc } from './routes.ts';
