// Renders the OpenAPI and AsyncAPI documents as one self-contained HTML page (GET /api/docs): no
// script, no CDN, one inline stylesheet allowed by its hash (see DOCS_CSS). Every field, parameter,
// status and error code shown comes from the generated documents, never from text written here.
import escapeHtml from 'escape-html';
import type { JsonSchema, LiveMessageDoc, OpenApiDocument } from '@tickstream/shared/openapi';

export const DOCS_CSS = `body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem 1.5rem;color:#1b1f24}
h2{margin-top:2.5rem;border-bottom:1px solid #ccd}h3{margin:2rem 0 .25rem;font-family:ui-monospace,monospace}
code,td:first-child{font-family:ui-monospace,monospace;font-size:.9em}table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;vertical-align:top;padding:.2rem .5rem;border-bottom:1px solid #e3e6ea}th{background:#f4f6f8}
.m{display:inline-block;min-width:4rem;font-weight:700;text-transform:uppercase}.s{font-weight:700}nav a{margin-right:1rem}`;

type Row = { name: string; type: string; required: boolean; description: string };

const asSchema = (v: unknown): JsonSchema => (typeof v === 'object' && v !== null ? (v as JsonSchema) : {});

function typeLabel(s: JsonSchema): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  const alternatives = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (alternatives) return alternatives.map((a) => typeLabel(asSchema(a))).join(' | ');
  if (s.type === 'array') return `${typeLabel(asSchema(s.items))}[]`;
  const type = Array.isArray(s.type) ? s.type.join(' | ') : typeof s.type === 'string' ? s.type : 'any';
  return typeof s.format === 'string' ? `${type} (${s.format})` : type;
}

/** The object inside a schema, if any: itself, its array items, or a nullable alternative. */
function objectOf(s: JsonSchema): JsonSchema | undefined {
  if (s.properties) return s;
  if (s.type === 'array') return objectOf(asSchema(s.items));
  const alternatives = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  return alternatives?.map((a) => objectOf(asSchema(a))).find((o) => o !== undefined);
}

export function fieldRows(schema: JsonSchema, prefix = '', depth = 0): Row[] {
  const object = objectOf(schema);
  if (!object || depth > 4) return [];
  const required = new Set((object.required as string[] | undefined) ?? []);
  return Object.entries(asSchema(object.properties)).flatMap(([key, value]) => {
    const sub = asSchema(value);
    const name = `${prefix}${key}${sub.type === 'array' ? '[]' : ''}`;
    const row: Row = { name, type: typeLabel(sub), required: required.has(key), description: typeof sub.description === 'string' ? sub.description : '' };
    return [row, ...fieldRows(sub, `${name}.`, depth + 1)];
  });
}

function fieldTable(rows: Row[]): string {
  if (rows.length === 0) return '';
  const body = rows
    .map((r) => `<tr><td>${escapeHtml(r.name)}${r.required ? '' : '?'}</td><td>${escapeHtml(r.type)}</td><td>${escapeHtml(r.description)}</td></tr>`)
    .join('');
  return `<table><tr><th>field</th><th>type</th><th>meaning</th></tr>${body}</table>`;
}

function operationHtml(path: string, method: string, op: Record<string, unknown>): string {
  const params = (op.parameters as JsonSchema[] | undefined) ?? [];
  const paramRows = params.map((p) => ({ name: String(p.name), type: typeLabel(asSchema(p.schema)), required: p.required === true, description: `(${String(p.in)}) ${String(p.description ?? '')}` }));
  const body = asSchema(asSchema(asSchema(asSchema(op.requestBody).content)['application/json']).schema);
  const responses = Object.entries(asSchema(op.responses)).map(([status, raw]) => {
    const r = asSchema(raw);
    const [media, content] = Object.entries(asSchema(r.content))[0] ?? [];
    const schema = asSchema(asSchema(content).schema);
    const isError = Number(status) >= 400 && fieldRows(schema).some((f) => f.name === 'error.code');
    const detail = isError ? '' : fieldTable(fieldRows(schema));
    return `<li><span class="s">${escapeHtml(status)}</span> ${escapeHtml(String(r.description))}${media ? ` <code>${escapeHtml(media)}</code>` : ''}${detail}</li>`;
  });
  return [
    `<h3 id="${escapeHtml(`${method}-${path}`)}"><span class="m">${escapeHtml(method)}</span> ${escapeHtml(path)}</h3>`,
    `<p><strong>${escapeHtml(String(op.summary ?? ''))}</strong></p>`,
    op.description ? `<p>${escapeHtml(String(op.description))}</p>` : '',
    paramRows.length ? `<h4>parameters</h4>${fieldTable(paramRows)}` : '',
    body.properties ? `<h4>request body (JSON)</h4>${fieldTable(fieldRows(body))}` : '',
    `<h4>responses</h4><ul>${responses.join('')}</ul>`,
  ].join('\n');
}

function liveHtml(messages: LiveMessageDoc[], closeCodes: { name: string; code: number; meaning: string }[], errorCodes: string[], description: string): string {
  const message = (m: LiveMessageDoc) =>
    `<h3 id="msg-${escapeHtml(m.type)}">${escapeHtml(m.type)}</h3><p>${m.direction === 'client' ? 'client → server over /ws' : `server → client over ${[m.ws ? '/ws' : '', m.sse ? '/api/stream (SSE event of this name)' : ''].filter(Boolean).join(' and ')}`}${m.positioned ? '; positioned (SSE <code>id:</code> = offset)' : ''}</p>${fieldTable(fieldRows(m.payload))}`;
  const codes = closeCodes.map((c) => `<tr><td>${c.code}</td><td>${escapeHtml(c.name)}</td><td>${escapeHtml(c.meaning)}</td></tr>`).join('');
  return [
    '<h2 id="live">Live protocol: WebSocket /ws and SSE /api/stream</h2>',
    ...description.split('\n\n').map((p) => `<p>${escapeHtml(p)}</p>`),
    ...messages.map(message),
    '<h3 id="close-codes">WebSocket close codes</h3>',
    `<table><tr><th>code</th><th>name</th><th>meaning</th></tr>${codes}</table>`,
    `<h3 id="live-errors">error codes of the <code>error</code> message</h3><p>${errorCodes.map((c) => `<code>${escapeHtml(c)}</code>`).join(', ')}</p>`,
  ].join('\n');
}

export interface DocsInput {
  openapi: OpenApiDocument;
  live: { messages: LiveMessageDoc[]; closeCodes: { name: string; code: number; meaning: string }[]; errorCodes: string[]; description: string };
}

export function renderDocsHtml({ openapi, live }: DocsInput): string {
  const info = asSchema(openapi.info);
  const ops = Object.entries(openapi.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const nav = ops.map(({ path, method }) => `<a href="#${escapeHtml(`${method}-${path}`)}">${escapeHtml(`${method.toUpperCase()} ${path}`)}</a>`).join(' ');
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escapeHtml(String(info.title))}</title><style>${DOCS_CSS}</style></head><body>`,
    `<h1>${escapeHtml(String(info.title))}</h1>`,
    ...String(info.description ?? '').split('\n\n').map((p) => `<p>${escapeHtml(p)}</p>`),
    '<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1), <a href="/api/asyncapi.json">/api/asyncapi.json</a> (AsyncAPI 3.0).</p>',
    `<nav>${nav} <a href="#live">live protocol</a></nav>`,
    '<h2 id="rest">REST routes</h2>',
    ...ops.map(({ path, method, op }) => operationHtml(path, method, op)),
    liveHtml(live.messages, live.closeCodes, live.errorCodes, live.description),
    '</body></html>',
  ].join('\n');
}
