// What outbound/ needs from a channel's API client. Each channel adapts its own api.ts to this
// (channels/wechat/sender.ts for the Official Account; WeCom 微信客服 later), so outbound never
// knows a platform's wire format.
import type { Reply } from '../conversation/handler.js';

export interface ChannelSender {
  /** 客服消息-style send inside the service window. */
  send(to: string, reply: Reply): Promise<void>;
  /** Out-of-window fallback (Official Account template message); absent where the platform has none. */
  sendTemplate?(to: string, text: string, clientMsgId: string): Promise<void>;
  typing?(to: string): Promise<void>;
  /** Longest text one message may carry, in UTF-8 bytes. */
  readonly textLimitBytes: number;
}

/** Splits a long text at line (then character) boundaries so each part fits the byte limit. */
export function splitText(text: string, limitBytes: number): string[] {
  const parts: string[] = [];
  let current = '';
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  for (const line of text.split('\n')) {
    const candidate = current ? `${current}\n${line}` : line;
    if (bytes(candidate) <= limitBytes) {
      current = candidate;
      continue;
    }
    if (current) parts.push(current);
    current = '';
    let rest = line;
    while (bytes(rest) > limitBytes) {
      let cut = '';
      for (const ch of rest) {
        if (bytes(cut + ch) > limitBytes) break;
        cut += ch;
      }
      parts.push(cut);
      rest = rest.slice(cut.length);
    }
    current = rest;
  }
  if (current) parts.push(current);
  return parts;
}
