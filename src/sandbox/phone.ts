// The sandbox "phone": acts as a customer's WeChat. It tells the platform emulator what the user
// did (which opens the service window, as the real platform does) and then posts the exact signed,
// encrypted callback WeChat would send to the real /wechat webhook.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import type { WxBizMsgCrypt } from '../channels/shared/aes.js';
import type { OaPlatform } from './oa-platform.js';
import { buildOaCallback } from './callbacks.js';

export interface PhoneOptions {
  baseUrl: () => string;
  token: string;
  crypto: WxBizMsgCrypt;
  accountId: string;
  clock: Clock;
  platform: OaPlatform;
  mode?: 'safe' | 'plain' | 'compat';
}

export interface PostResult {
  status: number;
  body: string;
}

let msgSeq = BigInt(Date.now()) * 1000n;
/** 64-bit MsgIds like the platform's (kept as strings end to end). */
const nextMsgId = () => (msgSeq += 1n).toString();

export interface BuiltCallback {
  path: string;
  body: string;
}

type Trigger = Parameters<OaPlatform['noteInbound']>[1];

export class SandboxPhone {
  constructor(private readonly o: PhoneOptions) {}

  textFields(content: string) {
    return { MsgType: 'text', Content: content, MsgId: nextMsgId() };
  }

  voiceFields(recognition: string) {
    const mediaId = this.o.platform.putMedia(randomBytes(64), 'audio/amr', 'voice.amr');
    return { MsgType: 'voice', MediaId: mediaId, Format: 'amr', Recognition: recognition, MsgId: nextMsgId() };
  }

  imageFields(name: string, data: Buffer = randomBytes(256)) {
    const mediaId = this.o.platform.putMedia(data, 'image/jpeg', name);
    const picUrl = `${this.o.baseUrl()}/sandbox/oa/mmbiz/${encodeURIComponent(mediaId)}`;
    return { MsgType: 'image', PicUrl: picUrl, MediaId: mediaId, MsgId: nextMsgId() };
  }

  text(openid: string, content: string) {
    return this.post(this.build(openid, 'message', this.textFields(content)));
  }

  voice(openid: string, recognition: string) {
    return this.post(this.build(openid, 'message', this.voiceFields(recognition)));
  }

  image(openid: string, name: string, data?: Buffer) {
    return this.post(this.build(openid, 'message', this.imageFields(name, data)));
  }

  menu(openid: string, key: string) {
    return this.post(this.build(openid, 'click', { MsgType: 'event', Event: 'CLICK', EventKey: key }));
  }

  subscribe(openid: string, scene?: string) {
    return this.post(this.build(openid, 'subscribe', { MsgType: 'event', Event: 'subscribe', ...(scene ? { EventKey: `qrscene_${scene}` } : {}) }));
  }

  unsubscribe(openid: string) {
    return this.post(this.build(openid, 'unsubscribe', { MsgType: 'event', Event: 'unsubscribe' }));
  }

  /** The user acts (the platform notes it, opening the service window) and WeChat builds the
   * callback; post() may then deliver it more than once, as the platform's retries do. */
  build(openid: string, trigger: Trigger | null, fields: Record<string, string | number>): BuiltCallback {
    if (trigger) this.o.platform.noteInbound(openid, trigger);
    const cb = buildOaCallback({
      token: this.o.token,
      crypto: this.o.crypto,
      accountId: this.o.accountId,
      openid,
      createTime: Math.floor(this.o.clock.now() / 1000),
      mode: this.o.mode ?? 'safe',
      fields,
    });
    return { path: cb.path, body: cb.body };
  }

  async post(cb: BuiltCallback): Promise<PostResult> {
    const res = await fetch(`${this.o.baseUrl()}${cb.path}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: cb.body });
    return { status: res.status, body: await res.text() };
  }
}
