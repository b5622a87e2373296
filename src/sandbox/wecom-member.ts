// The sandbox "WeCom member": acts as a station staff member's or supervisor's WeCom client. A
// click finds the newest card sent to that member that carries the button, asks the platform for
// the click's fresh response code (as WeCom hands one out per click, §4.4), and posts the signed,
// encrypted template_card_event to the real /wecom webhook; texts and photos likewise.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import type { WxBizMsgCrypt } from '../channels/shared/aes.js';
import type { XmlFields } from '../channels/shared/xml.js';
import type { WecomPlatform } from './wecom-platform.js';
import { buildWecomCallback, cardClickFields, wecomImageFields, wecomTextFields } from './wecom-callbacks.js';

export interface WecomMemberOptions {
  baseUrl: () => string;
  token: string;
  crypto: WxBizMsgCrypt;
  corpId: string;
  agentId: string;
  clock: Clock;
  platform: WecomPlatform;
}

export interface BuiltCallback {
  path: string;
  body: string;
}

export interface MemberPostResult {
  status: number;
  body: string;
}

/** No card sent to this member carries the button: the scenario or test asked for the impossible. */
export class NoSuchButtonError extends Error {
  readonly code = 'NO_SUCH_BUTTON';
  constructor(
    readonly userid: string,
    readonly key: string,
  ) {
    super(`no card sent to ${userid} has a button "${key}"`);
    this.name = 'NoSuchButtonError';
  }
}

let msgSeq = BigInt(Date.now()) * 1000n + 7n;
const nextMsgId = () => (msgSeq += 1n).toString();

export class WecomMember {
  constructor(private readonly o: WecomMemberOptions) {}

  /** Builds a click on the newest card of `userid` with button `key` (or on card `taskId`, as the
   * console clicks a particular card); post() may send it twice. */
  buildClick(userid: string, key: string, taskId?: string): BuiltCallback & { taskId: string } {
    const card = [...this.o.platform.cardsOf(userid)].reverse().find((c) => (taskId === undefined || c.taskId === taskId) && c.buttons.some((b) => b.key === key));
    if (!card) throw new NoSuchButtonError(userid, key);
    const responseCode = this.o.platform.cards.clickCode(card.taskId, userid);
    return { ...this.build(userid, cardClickFields({ taskId: card.taskId, key, responseCode })), taskId: card.taskId };
  }

  buildText(userid: string, text: string): BuiltCallback {
    return this.build(userid, wecomTextFields(text, nextMsgId()));
  }

  buildImage(userid: string, name: string, data: Buffer = randomBytes(256)): BuiltCallback {
    const mediaId = this.o.platform.putMedia(data, 'image/jpeg', name);
    const picUrl = `${this.o.baseUrl()}/sandbox/wecom/media/${encodeURIComponent(mediaId)}`;
    return this.build(userid, wecomImageFields(mediaId, picUrl, nextMsgId()));
  }

  click(userid: string, key: string, taskId?: string): Promise<MemberPostResult> {
    return this.post(this.buildClick(userid, key, taskId));
  }

  text(userid: string, text: string): Promise<MemberPostResult> {
    return this.post(this.buildText(userid, text));
  }

  image(userid: string, name: string, data?: Buffer): Promise<MemberPostResult> {
    return this.post(this.buildImage(userid, name, data));
  }

  build(userid: string, fields: XmlFields): BuiltCallback {
    const cb = buildWecomCallback({
      token: this.o.token,
      crypto: this.o.crypto,
      corpId: this.o.corpId,
      agentId: this.o.agentId,
      userid,
      createTime: Math.floor(this.o.clock.now() / 1000),
      fields,
    });
    return { path: cb.path, body: cb.body };
  }

  async post(cb: BuiltCallback): Promise<MemberPostResult> {
    const res = await fetch(`${this.o.baseUrl()}${cb.path}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: cb.body });
    return { status: res.status, body: await res.text() };
  }
}
