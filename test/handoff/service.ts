// A running service with a small world for the handoff's integration tests: the world's customers
// bound, its stations and supervisors as the WeCom directory and the emulated platform's members.
import { Directory } from '../../src/config/directory.js';
import { worldFromDocument } from '../../src/courier/world.js';
import { startService, type TestService } from '../helpers/runtime.js';

export const NOW = Date.parse('2026-11-11T10:00:00+08:00');

export interface HandoffService extends TestService {
  say(openid: string, text: string): Promise<void>;
  kfSay(ext: string, text: string): Promise<void>;
  click(user: string, key: string): Promise<void>;
  write(user: string, text: string): Promise<void>;
  /** Texts the bot sent to a customer (both channels). */
  toCustomer(id: string): { kind: string; text: string }[];
  /** WeCom messages to a member: texts, textcards and cards. */
  toMember(userid: string): { kind: string; text: string }[];
}

export async function startHandoffService(world: Record<string, unknown>, env: Record<string, string> = {}, channel: 'wechat' | 'wecom-kf' = 'wechat'): Promise<HandoffService> {
  const w = worldFromDocument({ name: 'handoff test', channel, world }, { now: NOW });
  const svc = await startService(env, { world: w });
  const directory = Directory.fromWorld(w);
  svc.rt.wecom!.directory.replace(directory.snapshot);
  svc.rt.sandbox!.wecom!.platform.setMembers(directory.members());
  const { phone, outbox, kf } = svc.rt.sandbox!;
  const member = svc.rt.sandbox!.wecom!.member;
  return {
    ...svc,
    async say(openid, text) {
      await phone.text(openid, text);
      await svc.settle();
    },
    async kfSay(ext, text) {
      await kf.customer.text(ext, text);
      await svc.settle();
    },
    async click(user, key) {
      await member.click(user, key);
      await svc.settle();
    },
    async write(user, text) {
      await member.text(user, text);
      await svc.settle();
    },
    toCustomer: (id) => outbox.list({ to: id }).filter((m) => m.channel !== 'wecom').map((m) => ({ kind: m.kind, text: m.text })),
    toMember: (userid) => outbox.list({ to: userid, channel: 'wecom' }).map((m) => ({ kind: m.kind, text: m.text })),
  };
}

export const parcel = (n: string, phone: string, extra: Record<string, unknown> = {}) => ({
  waybill: `SF10000000${n}`,
  sender: { name: '王先生', phone: '13900000999', city: '大连' },
  receiver: { name: '陈女士', phone, city: '上海', address: '上海市浦东新区张江路 1 号' },
  station: 'zhangjiang',
  events: [{ at: '-26h', action: 'arrived', site: '浦东张江网点' }],
  ...extra,
});

export const station = { id: 'zhangjiang', name: '浦东张江网点', staff: ['zhang_wei'] };
