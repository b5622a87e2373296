// npm run insights:sim -- --seed N [--weeks W] [--peak X] [--no-hotspots] [--quiet]
// Simulates weeks of traffic from the demo world with injected hot spots, runs the real
// detection and prints every alert, every hot spot and, last, the score line.
import { loadWorldFile } from '../../courier/sandbox-backend.js';
import { CATEGORY_LABEL, DIMENSION_LABEL } from '../labels.js';
import { shortTime } from '../time.js';
import { runSimulation, SIM_START } from './run.js';

const WORLD = 'scenarios/worlds/demo.yaml';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function number(name: string, fallback: number): number {
  const raw = arg(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${raw}"`);
  return n;
}

async function main(): Promise<void> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const seed = number('seed', 1);
  const world = await loadWorldFile(WORLD, SIM_START);
  const quiet = process.argv.includes('--quiet');
  const r = await runSimulation({ seed, world, weeks: number('weeks', 7), peak: number('peak', 3), hotspots: !process.argv.includes('--no-hotspots') });
  out(`seed ${seed}: ${shortTime(r.from)} → ${shortTime(r.to)}, ${r.contacts} customer turns`);
  if (!quiet) {
    r.alerts.forEach((a, i) => {
      const what = `${CATEGORY_LABEL[a.category]} · ${DIMENSION_LABEL[a.dim]} ${a.value}`;
      out(`  alert ${shortTime(a.at)} ${what}: ${a.count} vs ${a.expected.toFixed(2)} (p=${a.pValue.toExponential(1)}) → ${r.matches[i] ?? 'FALSE ALARM'}${a.causes.length ? ` | ${a.causes.join('；')}` : ''}`);
    });
    for (const h of r.hotspots) out(`  hotspot ${h.id}: ${h.label}, ${shortTime(h.start)} → ${shortTime(h.end)}, +${h.perDay.toFixed(1)}/day`);
  }
  const median = Number.isNaN(r.medianTimeToDetectMin) ? '—' : String(r.medianTimeToDetectMin);
  out(`hotspots detected ${r.detected}/${r.total}, false alarms ${r.falseAlarms}, median time to detect ${median} min`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
