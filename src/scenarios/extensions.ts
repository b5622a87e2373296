// Where the parts of the product plug into scenario runs: the world's courier backend, the agent,
// and checkers for cases, WeCom, handoff and payouts. Until a part exists its keys report
// "not supported yet".
import type { RunOptions } from './runner.js';

export const scenarioExtensions: NonNullable<RunOptions['extend']> = async () => ({});
