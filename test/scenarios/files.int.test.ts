// Every scenario file under scenarios/ runs through the real service with the rules model, as
// `npm run scenarios` does: the conversations are part of the test suite.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenarios/load.js';
import { runScenario } from '../../src/scenarios/runner.js';
import { scenarioExtensions } from '../../src/scenarios/extensions.js';
import { formatResults } from '../../src/scenarios/report.js';
import { REDIS_URL } from '../helpers/runtime.js';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === 'worlds' ? [] : files(join(dir, e.name))) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('scenario files', () => {
  it.each(files('scenarios').sort())('%s passes', async (file) => {
    const sc = await loadScenarioFile(file);
    const result = await runScenario(sc, { redisUrl: REDIS_URL, extend: scenarioExtensions });
    expect(result.ok, formatResults([result], [])).toBe(true);
  });
});
