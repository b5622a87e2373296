// Request bodies for the load generator: signed, encrypted safe-mode callbacks with unique MsgIds
// (what WeChat sends), or the same XML unsigned for the bare route.
import { loadConfig } from '../src/config/env.js';
import { WxBizMsgCrypt } from '../src/channels/shared/aes.js';
import { buildOaCallback, textFields } from '../src/sandbox/callbacks.js';

export type BodyKind = 'signed' | 'plain';

export function bodies(kind: BodyKind, seed: number): () => { path: string; body: string } {
  const config = loadConfig({ SANDBOX: '1' });
  const crypto = new WxBizMsgCrypt(config.wechat.aesKey, config.wechat.appId);
  let i = 0;
  return () => {
    i += 1;
    const cb = buildOaCallback({
      token: config.wechat.token,
      crypto,
      accountId: config.wechat.accountId,
      openid: `o_bench_${i % 1000}`,
      createTime: Math.floor(Date.now() / 1000),
      mode: 'safe',
      fields: textFields(`我的快递到哪了 ${i}`, String(BigInt(seed) * 10_000_000n + BigInt(i))),
    });
    return kind === 'signed' ? cb : { path: '/wechat', body: cb.body };
  };
}
