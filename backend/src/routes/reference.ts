// GET /api/openapi.json, /api/asyncapi.json and /api/docs: the API reference, generated once at
// start-up from the shared schemas (shared/src/openapi/), so what is served is what the code checks.
import { Router } from 'express';
import { ERROR_CODES } from '@tickstream/shared';
import { buildAsyncApiDocument, buildOpenApiDocument, closeCodes, liveMessages } from '@tickstream/shared/openapi';
import { styleOnlyCsp } from '../http/security-headers.ts';
import { DOCS_CSS, renderDocsHtml } from './api-docs-html.ts';

export function referenceRouter(): Router {
  const openapi = buildOpenApiDocument();
  const asyncapi = buildAsyncApiDocument();
  const info = asyncapi.info as { description: string };
  const html = renderDocsHtml({
    openapi,
    live: { messages: liveMessages(), closeCodes: closeCodes(), errorCodes: [...ERROR_CODES], description: info.description },
  });
  const csp = styleOnlyCsp(DOCS_CSS);

  const router = Router();
  router.get('/openapi.json', (_req, res) => void res.json(openapi));
  router.get('/asyncapi.json', (_req, res) => void res.json(asyncapi));
  router.get('/docs', (_req, res) => {
    res.setHeader('Content-Security-Policy', csp);
    res.type('html').send(html);
  });
  return router;
}
