// The handoff's zh-CN texts (templates/handoff.yaml) and the small formatting both sides share.
import { render } from '../lib/templates.js';
import { maskPhone } from '../lib/mask.js';

export const sayH = (name: string, vars: Record<string, string | number> = {}) => render('handoff.yaml', name, vars);

/** The customer as supervisors see them: the bound phone masked (138****0001), never more. */
export const customerLabel = (phone: string | null | undefined) => (phone ? maskPhone(phone) : sayH('unbound'));

/** “刚刚” / “15 分钟前” / “3 小时前” / “2 天前”: how long ago, coarse enough to read at a glance. */
export function ago(at: number, now: number): string {
  const m = Math.floor(Math.max(0, now - at) / 60_000);
  if (m < 1) return '刚刚';
  if (m < 60) return `${m} 分钟前`;
  const h = Math.floor(m / 60);
  return h < 24 ? `${h} 小时前` : `${Math.floor(h / 24)} 天前`;
}

/** “5 分钟” / “2 小时”: a waiting time. */
export function span(ms: number): string {
  const m = Math.max(1, Math.round(ms / 60_000));
  return m < 60 ? `${m} 分钟` : `${Math.round(m / 60)} 小时`;
}

/** `wechat:o_abc` → its channel and platform id (the conversation id is `<channel>:<id>`). */
export function splitConversation(conversationId: string): { channel: 'wechat' | 'wecom-kf'; customerId: string } {
  const at = conversationId.indexOf(':');
  const channel = conversationId.slice(0, at);
  return { channel: channel === 'wecom-kf' ? 'wecom-kf' : 'wechat', customerId: conversationId.slice(at + 1) };
}
