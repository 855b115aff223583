import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe("the pages' Content-Security-Policy", () => {
  it("allows app.html's inline scripts by their hash (a changed script would be refused by the browser)", () => {
    const scripts = [...read('./app.html').matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    const config = read('../vite.config.ts');
    for (const script of scripts) {
      const hash = createHash('sha256').update(script).digest('base64');
      expect(config, `app.html's script "${script.slice(0, 40)}..." changed: put its new hash in vite.config.ts`).toContain(`'sha256-${hash}'`);
    }
  });
});
