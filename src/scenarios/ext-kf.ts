// The 微信客服 part of a scenario run (`channel: wecom-kf`, SCENARIOS.md): customer steps are played
// by the sandbox kf customer — the message is stored on the emulated platform and a signed,
// encrypted kf_msg_or_event nudge goes to the real /wecom/kf, so the bot pulls it with sync_msg —
// and the reply is read from the Outbox on channel 'wecom-kf'. The world's `openid` is the
// customer's external_userid. `platform: { fail: N }` makes the next kf/send_msg fail with N.
import type { Runtime } from '../runtime.js';
import type { KfPostResult } from '../sandbox/kf-customer.js';
import type { Failure } from './expectations.js';
import type { LoadedScenario } from './load.js';
import type { ScenarioExtension } from './runner.js';
import type { Turn } from './schema.js';

export function kfExtension(rt: Runtime, sc: LoadedScenario): ScenarioExtension {
  if (sc.channel !== 'wecom-kf') return {};
  const kf = rt.sandbox?.kf;
  if (!kf) throw new Error('channel wecom-kf needs the sandbox 微信客服 platform');
  const { customer, platform } = kf;

  const nudged = async (act: () => Promise<KfPostResult>, t: Turn): Promise<Failure[]> => {
    const first = await act();
    // `retries: N`: WeCom delivers the nudge again; the message must still be answered once.
    const again = await Promise.all(Array.from({ length: t.retries ?? 0 }, () => customer.post(customer.build())));
    return [first, ...again]
      .filter((r) => r.status !== 200 || r.body !== 'success')
      .map((r) => ({ key: 'step', reason: `/wecom/kf answered ${r.status} ${r.body}` }));
  };

  return {
    async play(t, ext) {
      if (t.customer !== undefined) return nudged(() => customer.text(ext, t.customer!), t);
      if (t.customer_image !== undefined) return nudged(() => customer.image(ext, t.customer_image), t);
      if (t.customer_voice !== undefined) return nudged(() => customer.voice(ext, t.customer_voice!), t);
      if (t.platform) {
        platform.failNext(t.platform.fail);
        return [];
      }
      if (t.menu !== undefined || t.subscribe || t.unsubscribe) {
        return [{ key: t.menu !== undefined ? 'menu' : 'subscribe', reason: 'not a 微信客服 step (Official Account only)' }];
      }
      return undefined;
    },
    sentTo(ext, mark) {
      return platform.outbox.list({ to: ext, channel: 'wecom-kf', afterSeq: mark }).map((m) => ({ kind: m.kind, text: m.text ?? '' }));
    },
  };
}
