// Signed, encrypted Official Account callbacks built outside the service, with the sandbox
// credentials — what the platform would send to whichever web process its load balancer picks.
import { WxBizMsgCrypt } from '../../../src/channels/shared/aes.js';
import { SANDBOX_DEFAULTS } from '../../../src/config/env.js';
import { buildOaCallback, textFields } from '../../../src/sandbox/callbacks.js';
import type { BuiltCallback } from '../../../src/sandbox/phone.js';

const crypto = new WxBizMsgCrypt(SANDBOX_DEFAULTS.WECHAT_AES_KEY, SANDBOX_DEFAULTS.WECHAT_APPID);
// A day ahead of any MsgId the sandbox phone mints (it counts up from Date.now() × 1000).
let seq = BigInt(Date.now() + 86_400_000) * 1000n;

export const sandboxCrypto = crypto;

export function textCallback(openid: string, text: string): BuiltCallback & { msgId: string } {
  seq += 1n;
  const msgId = seq.toString();
  const cb = buildOaCallback({
    token: SANDBOX_DEFAULTS.WECHAT_TOKEN,
    crypto,
    accountId: SANDBOX_DEFAULTS.WECHAT_ACCOUNT_ID,
    openid,
    createTime: Math.floor(Date.now() / 1000),
    mode: 'safe',
    fields: textFields(text, msgId),
  });
  return { path: cb.path, body: cb.body, msgId };
}

export async function postCallback(baseUrl: string, cb: BuiltCallback): Promise<number> {
  const res = await fetch(`${baseUrl}${cb.path}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: cb.body, signal: AbortSignal.timeout(10_000) });
  await res.text();
  return res.status;
}
