// The sandbox "kf customer": a WeChat user chatting with our 微信客服 account. Each action stores
// the message on the emulated platform (origin 3, as WeChat would) and then posts the real signed,
// encrypted `kf_msg_or_event` nudge to /wecom/kf (PROTOCOL.md §5.1) — the bot has to pull the
// message with sync_msg, exactly as in production.
//
// Voice: 微信客服 has no speech recognition (a voice is only a media_id, §5.2). The text given to
// voice() is what an ASR step would produce; it is put into the emulator's message as the
// sandbox-only field `voice.recognition`, which the normaliser reads (channels/wecom-kf/normalize.ts).
import { randomBytes } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import type { WxBizMsgCrypt } from '../channels/shared/aes.js';
import type { KfPlatform } from './kf-platform.js';
import { buildKfCallback, type KfCallbackRequest } from './kf-callbacks.js';

export interface KfCustomerOptions {
  baseUrl: () => string;
  /** The callback Token configured for 微信客服. */
  token: string;
  crypto: WxBizMsgCrypt;
  corpId: string;
  /** The account the customer writes to unless told otherwise. */
  openKfId: string;
  clock: Clock;
  platform: KfPlatform;
}

export interface KfPostResult {
  status: number;
  body: string;
  /** The platform msgid of what the customer sent. */
  msgid: string;
}

const mediaId = (kind: string) => `sbx${kind}_${randomBytes(24).toString('base64url')}`;

export class SandboxKfCustomer {
  constructor(private readonly o: KfCustomerOptions) {}

  get openKfId(): string {
    return this.o.openKfId;
  }

  text(ext: string, content: string, openKfId = this.o.openKfId) {
    return this.act(openKfId, this.o.platform.customerMessage(openKfId, ext, 'text', { content }));
  }

  /** `name` only names the photo; the platform keeps no file name for images. */
  image(ext: string, _name = 'photo.jpg', openKfId = this.o.openKfId) {
    return this.act(openKfId, this.o.platform.customerMessage(openKfId, ext, 'image', { media_id: mediaId('img') }));
  }

  /** `recognition`: what ASR would give (see the file comment). */
  voice(ext: string, recognition: string, openKfId = this.o.openKfId) {
    return this.act(openKfId, this.o.platform.customerMessage(openKfId, ext, 'voice', { media_id: mediaId('voice'), recognition }));
  }

  /** The customer opens the chat (enter_session), e.g. from an add_contact_way link with a scene. */
  enter(ext: string, scene?: string, openKfId = this.o.openKfId) {
    return this.act(openKfId, this.o.platform.customerEnter(openKfId, ext, scene));
  }

  /** The nudge WeCom would send now for this account, with a fresh sync Token. */
  build(openKfId = this.o.openKfId): KfCallbackRequest {
    return buildKfCallback({
      token: this.o.token,
      crypto: this.o.crypto,
      corpId: this.o.corpId,
      openKfId,
      syncToken: this.o.platform.messages.issueSyncToken(openKfId),
      createTime: Math.floor(this.o.clock.now() / 1000),
    });
  }

  async post(cb: KfCallbackRequest): Promise<{ status: number; body: string }> {
    const res = await fetch(`${this.o.baseUrl()}${cb.path}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: cb.body });
    return { status: res.status, body: await res.text() };
  }

  private async act(openKfId: string, msgid: string): Promise<KfPostResult> {
    return { ...(await this.post(this.build(openKfId))), msgid };
  }
}
