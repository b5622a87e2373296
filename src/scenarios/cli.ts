// `npm run scenarios [-- FILE...] [--json]`: runs the given scenario files, or every *.yaml under
// scenarios/ (worlds/ excluded). Exit 1 when any scenario failed or a file was malformed.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pingRedis } from '../store/redis.js';
import { loadScenarioFile, type LoadedScenario } from './load.js';
import { ScenarioFormatError } from './schema.js';
import { runScenario, type ScenarioResult } from './runner.js';
import { formatResults, jsonReport } from './report.js';
import { scenarioExtensions } from './extensions.js';

async function findScenarioFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'worlds') out.push(...(await findScenarioFiles(p)));
    } else if (/\.ya?ml$/.test(entry.name)) out.push(p);
  }
  return out.sort();
}

async function main() {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  let files = args.filter((a) => !a.startsWith('--'));
  if (!files.length) files = await findScenarioFiles('scenarios');
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  try {
    await pingRedis(redisUrl);
  } catch {
    process.stderr.write(`scenarios: Redis is not answering at ${redisUrl} — start one with \`redis-server --daemonize yes\`.\n`);
    process.exit(1);
  }
  const malformed: { file: string; message: string }[] = [];
  const loaded: LoadedScenario[] = [];
  for (const f of files) {
    try {
      if (!(await stat(f).catch(() => null))?.isFile()) throw new ScenarioFormatError(f, '', 'no such file');
      loaded.push(await loadScenarioFile(f));
    } catch (err) {
      if (err instanceof ScenarioFormatError) malformed.push({ file: f, message: `${err.key || '(file)'}: ${err.reason}` });
      else throw err;
    }
  }
  const results: ScenarioResult[] = [];
  for (const sc of loaded) {
    const r = await runScenario(sc, { redisUrl, extend: scenarioExtensions });
    results.push(r);
    if (!json) process.stdout.write(`${formatResults([r], []).split('\n').slice(0, -1).join('\n')}\n`);
  }
  if (json) process.stdout.write(`${JSON.stringify(jsonReport(results, malformed), null, 2)}\n`);
  else {
    const summary = formatResults([], malformed).split('\n');
    if (malformed.length) process.stdout.write(`${summary.slice(0, -1).join('\n')}\n`);
    const passed = results.filter((r) => r.ok).length;
    process.stdout.write(`${passed} passed, ${results.length - passed + malformed.length} failed\n`);
  }
  process.exit(results.every((r) => r.ok) && !malformed.length ? 0 : 1);
}

main().catch((err) => {
  process.stderr.write(`scenarios: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
