import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, type OpenApiDocument } from '@tickstream/shared/openapi';
import { fieldRows, renderDocsHtml } from './api-docs-html.ts';

const live = { messages: [], closeCodes: [], errorCodes: [], description: '' };

describe('the /api/docs renderer', () => {
  it('lists nested, array and optional fields with their types', () => {
    const rows = fieldRows({
      type: 'object',
      required: ['a'],
      properties: { a: { type: 'array', items: { type: 'object', required: ['b'], properties: { b: { anyOf: [{ type: 'string' }, { type: 'null' }], description: 'bee' } } } }, c: { enum: ['x', 'y'] } },
    });
    expect(rows).toEqual([
      { name: 'a[]', type: 'object[]', required: true, description: '' },
      { name: 'a[].b', type: 'string | null', required: true, description: 'bee' },
      { name: 'c', type: '"x" | "y"', required: false, description: '' },
    ]);
  });

  it('escapes every text it takes from the documents', () => {
    const doc = buildOpenApiDocument() as OpenApiDocument & { info: { title: string } };
    doc.info.title = '<script>alert(1)</script>';
    const op = doc.paths['/api/quotes']?.get;
    if (op) op.summary = '<img src=x onerror=alert(1)>';
    const html = renderDocsHtml({ openapi: doc, live });
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
