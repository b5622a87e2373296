// The sync loop against the emulated platform (PROTOCOL.md §5.2): paging while has_more (an empty
// page with has_more=1 included), only customer messages answered, dedupe by msgid, and a crash
// mid-page that neither loses nor doubles a message because the cursor moves only after the page.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startService, type TestService } from '../../helpers/runtime.js';
import { createLogger } from '../../../src/lib/logger.js';
import { accept } from '../../../src/intake/accept.js';
import type { InboundMessage } from '../../../src/domain/inbound.js';
import { KfApi } from '../../../src/channels/wecom-kf/api.js';
import { KfState } from '../../../src/channels/wecom-kf/state.js';
import { KfSync } from '../../../src/channels/wecom-kf/sync.js';

let svc: TestService;
beforeEach(async () => {
  svc = await startService();
});
afterEach(async () => {
  await svc.stop();
});

const kf = () => svc.rt.sandbox!.kf;
const openKfId = () => svc.rt.config.kf.openKfId;
const sent = (to: string) => svc.rt.sandbox!.outbox.list({ to, channel: 'wecom-kf' });
/** Messages already on the platform, then one nudge. */
const nudge = async () => {
  const c = kf().customer;
  expect(await c.post(c.build())).toEqual({ status: 200, body: 'success' });
};

function ownSync(acceptHook: (m: InboundMessage) => void = () => {}, maxPages?: number) {
  const { rt, clock } = svc;
  const logger = createLogger('silent');
  const api = new KfApi({ corpId: rt.config.wecom.corpId, secret: rt.config.kf.secret, apiBase: () => `${rt.baseUrl()}/sandbox/wecom-kf`, redis: rt.redis, keys: rt.keys, clock, logger });
  const state = new KfState(rt.redis, rt.keys, clock);
  return new KfSync({
    api,
    state,
    logger,
    ...(maxPages ? { maxPages } : {}),
    accept: async (m) => {
      acceptHook(m);
      return accept({ inbox: rt.inbox, respondQueue: rt.queues.respond }, m);
    },
  });
}

describe('kf sync', () => {
  it('pages until has_more=0, through an empty page that says has_more=1', async () => {
    const p = kf().platform;
    p.messages.data.pageCap = 2;
    p.messages.emptyPagesNext(1);
    for (const t of ['一', '二', '三', '四', '五']) p.customerMessage(openKfId(), 'wm_pages', 'text', { content: t });
    await nudge();
    await svc.settle();
    expect(sent('wm_pages')).toHaveLength(5);
    // 1 empty page + pages of 2, 2 and 1.
    expect(p.syncCalls).toBe(4);
  });

  it('answers only what the customer sent: servicer messages and system events are not turns', async () => {
    const p = kf().platform;
    const ext = 'wm_origins';
    p.customerMessage(openKfId(), ext, 'text', { content: '你好' });
    p.servicerMessage(openKfId(), ext, 'li_na', '您好，我是客服小李');
    p.pushEvent(openKfId(), { event_type: 'servicer_status_change', servicer_userid: 'li_na', status: 2 });
    p.pushEvent(openKfId(), { event_type: 'msg_send_fail', external_userid: ext, fail_msgid: 'm1', fail_type: 4 });
    p.pushEvent(openKfId(), { event_type: 'session_status_change', external_userid: ext, change_type: 1, new_servicer_userid: 'li_na', msg_code: 'CODE' });
    await nudge();
    await svc.settle();
    expect(sent(ext)).toHaveLength(1);
    const events = await new KfState(svc.rt.redis, svc.rt.keys, svc.clock).events(ext);
    expect(events.map((e) => e.type)).toEqual(['msg_send_fail', 'session_status_change']);
    expect(events[1]).toMatchObject({ change_type: 1, new_servicer_userid: 'li_na' });
  });

  it('dedupes by msgid: re-reading from the start answers nothing twice', async () => {
    await kf().customer.text('wm_dedupe', '第一条');
    await kf().customer.text('wm_dedupe', '第二条');
    await svc.settle();
    expect(sent('wm_dedupe')).toHaveLength(2);
    await svc.rt.redis.del(svc.rt.keys.custom('kf', 'cursor', openKfId())); // a lost cursor: sync from the oldest again
    await nudge();
    await svc.settle();
    expect(sent('wm_dedupe')).toHaveLength(2);
    const again = await ownSync().run(openKfId());
    expect(again).toMatchObject({ accepted: 0, duplicates: 0 }); // the cursor was saved again
  });

  it('keeps the cursor when a page fails halfway; the retry handles each message once', async () => {
    const p = kf().platform;
    for (const t of ['甲', '乙', '丙']) p.customerMessage(openKfId(), 'wm_crash', 'text', { content: t });
    let calls = 0;
    const crashing = ownSync(() => {
      if (++calls === 2) throw new Error('worker killed mid-page');
    });
    await expect(crashing.run(openKfId())).rejects.toThrow('worker killed');
    expect(await svc.rt.redis.get(svc.rt.keys.custom('kf', 'cursor', openKfId()))).toBeNull();
    const retry = await crashing.run(openKfId());
    expect(retry).toMatchObject({ accepted: 2, duplicates: 1, more: false });
    expect(await svc.rt.redis.get(svc.rt.keys.custom('kf', 'cursor', openKfId()))).toBeTruthy();
    await svc.settle();
    expect(sent('wm_crash').map((m) => m.text)).toHaveLength(3);
  });

  it('goes on without the callback Token when the platform refuses it (95007)', async () => {
    kf().platform.customerMessage(openKfId(), 'wm_token', 'text', { content: '在吗' });
    await new KfState(svc.rt.redis, svc.rt.keys, svc.clock).saveSyncToken(openKfId(), 'not-a-platform-token');
    expect(await ownSync().run(openKfId())).toMatchObject({ accepted: 1, more: false });
  });

  it('continues a long backlog in a follow-up job after maxPages', async () => {
    const p = kf().platform;
    p.messages.data.pageCap = 1;
    for (const t of ['1', '2', '3']) p.customerMessage(openKfId(), 'wm_backlog', 'text', { content: t });
    const s = ownSync(undefined, 2);
    expect(await s.run(openKfId())).toMatchObject({ pages: 2, accepted: 2, more: true });
    expect(await s.run(openKfId())).toMatchObject({ accepted: 1, more: false });
  });
});
