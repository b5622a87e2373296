// KfSender: the customer's account, text/image bodies and the kf errcodes outbound acts on.
import { describe, expect, it } from 'vitest';
import { UnrecoverableError } from 'bullmq';
import { PlatformApiError } from '../../../src/channels/shared/api-error.js';
import { KfSender } from '../../../src/channels/wecom-kf/sender.js';
import type { KfContent } from '../../../src/channels/wecom-kf/messages.js';

function fake(fail?: number) {
  const calls: { to: string; openKfId: string; content: KfContent }[] = [];
  const api = {
    async sendMsg(to: string, openKfId: string, content: KfContent) {
      calls.push({ to, openKfId, content });
      if (fail) throw new PlatformApiError({ api: 'kf/send_msg', errcode: fail, errmsg: 'x' });
      return {};
    },
  };
  const state = { accountOf: async (ext: string) => (ext === 'wm_known' ? 'wk_theirs' : undefined) };
  return { calls, sender: (dflt = 'wk_default') => new KfSender(api, state, dflt) };
}

describe('KfSender', () => {
  it('sends through the account the customer wrote to, else the configured one', async () => {
    const f = fake();
    await f.sender().send('wm_known', { kind: 'text', text: '您好' });
    await f.sender().send('wm_new', { kind: 'image', mediaId: 'MID' });
    expect(f.calls).toEqual([
      { to: 'wm_known', openKfId: 'wk_theirs', content: { msgtype: 'text', text: '您好' } },
      { to: 'wm_new', openKfId: 'wk_default', content: { msgtype: 'image', mediaId: 'MID' } },
    ]);
    expect(f.sender().textLimitBytes).toBe(2048);
    expect('sendTemplate' in f.sender()).toBe(false); // no template fallback on 微信客服
  });

  it('reports 95018 and 95001 as the window kind, 45009 as retryable', async () => {
    for (const [errcode, kind] of [[95018, 'window'], [95001, 'window'], [45009, 'retryable'], [95000, 'permanent']] as const) {
      const err = await fake(errcode).sender().send('wm_known', { kind: 'text', text: 'x' }).catch((e: unknown) => e);
      expect(err, String(errcode)).toBeInstanceOf(PlatformApiError);
      expect((err as PlatformApiError).kind, String(errcode)).toBe(kind);
      expect((err as PlatformApiError).errcode).toBe(errcode);
    }
  });

  it('refuses a customer without a known account when none is configured, and a photo without media', async () => {
    const err = await fake().sender('').send('wm_new', { kind: 'text', text: 'x' }).catch((e: unknown) => e);
    expect((err as PlatformApiError).kind).toBe('permanent');
    await expect(fake().sender().send('wm_known', { kind: 'image', photo: { waybill: 'SF1' } })).rejects.toBeInstanceOf(UnrecoverableError);
  });
});
