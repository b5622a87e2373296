// The console's static files (public/: HTML, CSS and ES modules written by hand — no build step, no
// CDN). Served only by name from that one folder; read on each request so an edit shows on reload.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};

/** Plain names only (`app.js`, `console.css`): nothing that could leave the folder. */
const NAME = /^[a-z0-9][a-z0-9-]*\.(html|css|js|svg)$/;

/** Next to this module under tsx; from the working directory when running a build (dist/ has no public/). */
export function assetsDir(): string {
  const here = fileURLToPath(new URL('./public/', import.meta.url));
  return existsSync(here) ? here : resolve('src/sandbox/console/public');
}

export interface Asset {
  body: Buffer;
  type: string;
}

export async function readAsset(dir: string, name: string): Promise<Asset | undefined> {
  const m = NAME.exec(name);
  if (!m) return undefined;
  try {
    return { body: await readFile(join(dir, name)), type: TYPES[m[1]!]! };
  } catch {
    return undefined;
  }
}
