// zh-CN reply texts live in templates/*.yaml, not in code, so wording can change without a deploy
// of logic. render() fills `{name}` placeholders and fails loudly on a missing template or value.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');
const cache = new Map<string, Record<string, string>>();

export function loadTemplates(file: string): Record<string, string> {
  const hit = cache.get(file);
  if (hit) return hit;
  const parsed = z.record(z.string(), z.string()).parse(parse(readFileSync(join(ROOT, file), 'utf8')));
  cache.set(file, parsed);
  return parsed;
}

export function render(file: string, name: string, vars: Record<string, string | number> = {}): string {
  const tpl = loadTemplates(file)[name];
  if (tpl === undefined) throw new Error(`template ${file}#${name} does not exist`);
  return tpl.replace(/\{(\w+)\}/g, (_m, key: string) => {
    const v = vars[key];
    if (v === undefined) throw new Error(`template ${file}#${name} needs {${key}}`);
    return String(v);
  });
}
