// `npm run bench`: every benchmark, each printed with its baseline or context. Not a test: figures
// depend on the machine (see README for the ones measured here).
import { benchAcks, printAcks } from './ack-throughput.js';
import { benchTurns, printTurns } from './turns.js';

console.log(`courier-kefu benchmarks — node ${process.version}, ${(await import('node:os')).cpus().length} cores\n`);
console.log('## acks/s: secured /wechat vs a bare Fastify route');
printAcks(await benchAcks());
console.log('\n## end to end: burst of distinct customers, rules model');
printTurns(await benchTurns());
process.exit(0);
