// The understanding's cost per message: the rules alone (baseline) against the shipped model
// (rules + n-gram backstop), over every labelled line in data/nlu/, in-process. Also the one-off
// cost of training the n-grams, which the rules chat model pays at start-up.
import { loadCorpus, trainNgram } from '../src/agent/nlu/corpus.js';
import { understand } from '../src/agent/nlu/index.js';

const ROUNDS = Number(process.env.BENCH_UNDERSTAND_ROUNDS ?? 5);

export async function benchUnderstand() {
  const lines = [...loadCorpus().values()].flat();
  const t0 = performance.now();
  const ngram = trainNgram(lines);
  const trainMs = performance.now() - t0;
  const perMessage = (opts: Parameters<typeof understand>[2]) => {
    for (const l of lines.slice(0, 200)) understand(l.text, {}, opts); // warm the JIT
    const start = performance.now();
    for (let r = 0; r < ROUNDS; r++) for (const l of lines) understand(l.text, {}, opts);
    return ((performance.now() - start) * 1000) / (ROUNDS * lines.length);
  };
  const rulesUs = perMessage({ ngram: null });
  const shippedUs = perMessage({ ngram });
  return { lines: lines.length, trainMs, rulesUs, shippedUs };
}

export function printUnderstand(r: Awaited<ReturnType<typeof benchUnderstand>>) {
  console.log(`rules alone (baseline): ${r.rulesUs.toFixed(0)} µs/message (${(1e6 / r.rulesUs).toFixed(0)} messages/s)`);
  console.log(`rules + n-grams:        ${r.shippedUs.toFixed(0)} µs/message (${(1e6 / r.shippedUs).toFixed(0)} messages/s) — ${(r.shippedUs / r.rulesUs).toFixed(2)}× the baseline`);
  console.log(`training the n-grams on ${r.lines} lines: ${r.trainMs.toFixed(0)} ms, once at start-up`);
}

if (import.meta.url === `file://${process.argv[1]}`) printUnderstand(await benchUnderstand());
