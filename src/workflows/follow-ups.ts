// Promise checks as BullMQ delayed jobs. The job id is derived from (case, step), so scheduling the
// same check twice — a retried turn, a double-clicked button — leaves one job; the job carries
// only ids and its business due time (`dueAt`, see jobs/queues.ts).
import type { Queue } from 'bullmq';
import type { Clock } from '../lib/clock.js';
import { jobIdFor } from '../lib/ids.js';

export interface FollowUpJobData {
  caseId: string;
  step: string;
  dueAt: number;
}

export class FollowUps {
  constructor(
    private readonly queue: Queue,
    private readonly clock: Clock,
  ) {}

  async schedule(caseId: string, step: string, dueAt: number): Promise<void> {
    const data: FollowUpJobData = { caseId, step, dueAt };
    await this.queue.add('check', data, { jobId: jobIdFor('fu', `${caseId}:${step}`), delay: Math.max(0, dueAt - this.clock.now()) });
  }
}
