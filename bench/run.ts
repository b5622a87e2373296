// `npm run bench`: every benchmark, each printed with its baseline or context. Not a test: figures
// depend on the machine (see README for the ones measured here) — and on what else it is running,
// hence the load average printed before and after.
import { cpus, loadavg } from 'node:os';
import { benchAcks, printAcks } from './ack-throughput.js';
import { benchSlowModel, printSlowModel } from './slow-model.js';
import { benchTurns, printTurns } from './turns.js';
import { benchFollowUps, printFollowUps } from './follow-ups.js';
import { benchMemory, printMemory } from './memory.js';
import { benchUnderstand, printUnderstand } from './understand.js';

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`courier-kefu benchmarks — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${load()}\n`);
console.log('## acks/s: secured /wechat vs a bare Fastify route');
printAcks(await benchAcks());
console.log('\n## acks while a slow model is in use (share of acks over 200 ms)');
printSlowModel(await benchSlowModel());
console.log('\n## understanding per message: rules alone vs rules + n-gram backstop');
printUnderstand(await benchUnderstand());
console.log('\n## end to end: burst of distinct customers, rules model');
printTurns(await benchTurns());
console.log('\n## follow-up timing with 100,000 pending delayed follow-ups');
printFollowUps(await benchFollowUps());
console.log('\n## Redis memory per conversation and per pending follow-up');
printMemory(await benchMemory());
console.log(`\nload average ${load()}`);
process.exit(0);
