// The emitter the pipeline calls: AgentHandler after each recorded turn, the workflows when a case
// opens, is answered or misses its promise. Events go on the insights queue and the worker does
// the rest, so a turn waits for one queue write and a broken insights path never breaks a turn.
import type { Queue } from 'bullmq';
import type { Clock } from '../lib/clock.js';
import { jobIdFor } from '../lib/ids.js';
import type { Logger } from '../lib/logger.js';
import type { Case } from '../workflows/case-types.js';
import { caseEvent, turnEvent, type CaseStep, type TurnSignal } from './signals.js';
import type { InsightEvent } from './types.js';

export interface TurnSink {
  turn(signal: TurnSignal): Promise<void>;
}

export interface CaseEventSink {
  caseEvent(step: CaseStep, c: Case): Promise<void>;
}

export type InsightsSink = TurnSink & CaseEventSink;

export interface InsightsJobData {
  event: InsightEvent;
}

export class QueueInsightsSink implements InsightsSink {
  constructor(
    private readonly queue: Queue,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  turn(signal: TurnSignal): Promise<void> {
    return this.enqueue(turnEvent(signal));
  }

  caseEvent(step: CaseStep, c: Case): Promise<void> {
    return this.enqueue(caseEvent(step, c, this.clock.now()));
  }

  private async enqueue(event: InsightEvent): Promise<void> {
    const data: InsightsJobData = { event };
    try {
      await this.queue.add('event', data, { jobId: jobIdFor('ins', event.id) });
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, event: event.id }, 'insights event not queued');
    }
  }
}
