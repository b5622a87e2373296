// The sync_msg cursor survives a restart (PROTOCOL.md §5.2 "Persist next_cursor"): a first runtime
// answers a batch and stops; a message arrives while the service is down; a second runtime on the
// SAME Redis prefix (the emulated platform carried over — WeChat does not restart with us) answers
// that one and the new ones. Every message is answered exactly once across both runtimes.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/env.js';
import { ManualClock } from '../../../src/lib/clock.js';
import { createLogger } from '../../../src/lib/logger.js';
import { createRuntime, type Runtime } from '../../../src/runtime.js';
import { deleteByPrefix } from '../../../src/store/cleanup.js';
import { settle } from '../../../src/scenarios/settle.js';
import type { TurnHandler } from '../../../src/conversation/handler.js';
import { REDIS_URL } from '../../helpers/runtime.js';

const prefix = `{t-kfr-${randomUUID().slice(0, 8)}}`;
const clock = new ManualClock(Date.parse('2026-11-11T10:00:00+08:00'));
const echo: TurnHandler = { handle: async (m) => [{ kind: 'text', text: `回复 ${m.type === 'text' ? m.text : m.type}` }] };
const started: Runtime[] = [];

/** A runtime on a fixed prefix; closing it keeps its keys (a restart, not a wipe). */
async function start(): Promise<Runtime> {
  const config = loadConfig({ SANDBOX: '1', PORT: '0', HOST: '127.0.0.1', REDIS_URL, REDIS_PREFIX: prefix, LOG_LEVEL: 'silent' });
  const rt = await createRuntime(config, { logger: createLogger('silent'), clock, handler: echo });
  await rt.listen();
  started.push(rt);
  return rt;
}
const texts = (rt: Runtime, to: string) => rt.sandbox!.outbox.list({ to, channel: 'wecom-kf' }).map((m) => m.text);

afterEach(async () => {
  for (const rt of started.splice(0)) await rt.close();
  await deleteByPrefix(REDIS_URL, prefix);
});

describe('a restart of the service', () => {
  it('resumes from the persisted cursor: nothing handled twice, nothing skipped', async () => {
    const ext = 'wm_restart';
    const first = await start();
    for (const t of ['一', '二', '三']) await first.sandbox!.kf.customer.text(ext, t);
    await settle(Object.values(first.queues), clock);
    expect(texts(first, ext)).toEqual(['回复 一', '回复 二', '回复 三']);
    const openKfId = first.config.kf.openKfId;
    const cursorKey = first.keys.custom('kf', 'cursor', openKfId);
    const cursor = await first.redis.get(cursorKey);
    expect(cursor).toBeTruthy();

    // The service stops; the platform keeps its messages and cursors, and receives one more.
    const platformState = first.sandbox!.kf.platform.snapshot();
    await first.close();

    const second = await start();
    const kf = second.sandbox!.kf;
    kf.platform.restore(platformState);
    // What the new runtime asks the platform for: it must start at the saved cursor.
    const reads: { cursor: unknown; items: number }[] = [];
    const sync = kf.platform.messages.sync.bind(kf.platform.messages);
    kf.platform.messages.sync = (b) => {
      const r = sync(b);
      reads.push({ cursor: b.cursor, items: Array.isArray(r.msg_list) ? r.msg_list.length : 0 });
      return r;
    };
    kf.platform.customerMessage(openKfId, ext, 'text', { content: '停机时发的' });
    for (const t of ['四', '五']) await kf.customer.text(ext, t);
    await settle(Object.values(second.queues), clock);

    expect(texts(second, ext)).toEqual(['回复 停机时发的', '回复 四', '回复 五']);
    expect(reads[0]?.cursor).toBe(cursor);
    expect(reads.reduce((n, r) => n + r.items, 0)).toBe(3); // the first batch was never read again
    expect(await second.redis.get(cursorKey)).not.toBe(cursor);
  });
});
