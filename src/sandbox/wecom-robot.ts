// The emulated group robot webhook (PROTOCOL.md §4.5): `POST /cgi-bin/webhook/send?key=`, no
// access_token — the key is the secret — text or markdown, at most 20 messages a minute per robot
// (45009 beyond), 93000 for an unknown key (⚠). Delivered messages land in the Outbox as kind 'robot'.
import type { Clock } from '../lib/clock.js';
import type { Outbox } from './outbox.js';
import { asObj, str } from './wecom-rules.js';
import { wecomError, wecomOk, type WecomReply } from './wecom-tokens.js';

const PER_MINUTE = 20;

export class WecomRobots {
  sent = 0;
  private keys: Set<string> | undefined;
  private recent = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly outbox: Outbox,
  ) {}

  /** Only these keys exist; undefined = any key (the sandbox default). */
  setKeys(keys: readonly string[] | undefined): void {
    this.keys = keys ? new Set(keys) : undefined;
  }

  send(key: string | undefined, body: Record<string, unknown>): WecomReply {
    if (!key || (this.keys && !this.keys.has(key))) return wecomError(93000);
    const msgtype = str(body.msgtype);
    const known = msgtype === 'text' || msgtype === 'markdown';
    const content = known ? str(asObj(body[msgtype])?.content) : undefined;
    if (!content) return wecomError(known ? 44004 : 40008);
    const now = this.clock.now();
    const recent = (this.recent.get(key) ?? []).filter((t) => t > now - 60_000);
    if (recent.length >= PER_MINUTE) return wecomError(45009);
    this.recent.set(key, [...recent, now]);
    this.sent += 1;
    this.outbox.record({ channel: 'wecom', to: 'robot', kind: 'robot', text: content, msgtype });
    return wecomOk();
  }

  reset(): void {
    this.keys = undefined;
    this.recent.clear();
    this.sent = 0;
  }
}
