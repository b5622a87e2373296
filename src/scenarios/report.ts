// Output of the scenario runner: one line per scenario, each failed expectation with what was
// seen, and last `N passed, N failed` (SCENARIOS.md "Runner").
import type { ScenarioResult } from './runner.js';

export function formatResults(results: ScenarioResult[], malformed: { file: string; message: string }[]): string {
  const lines: string[] = [];
  for (const m of malformed) lines.push(`FAIL ${m.file} (malformed: ${m.message})`);
  for (const r of results) {
    lines.push(r.ok ? `ok   ${r.name}  (${r.file}, ${r.ms} ms)` : `FAIL ${r.name}  (${r.file})`);
    if (r.error) lines.push(`     error: ${r.error}`);
    for (const t of r.turns) for (const f of t.failures) lines.push(`     turn ${t.index + 1} [${t.step}] ${f.key}: ${f.reason}`);
  }
  const passed = results.filter((r) => r.ok).length;
  lines.push(`${passed} passed, ${results.length - passed + malformed.length} failed`);
  return lines.join('\n');
}

export function jsonReport(results: ScenarioResult[], malformed: { file: string; message: string }[]) {
  const passed = results.filter((r) => r.ok).length;
  return { passed, failed: results.length - passed + malformed.length, malformed, scenarios: results };
}
