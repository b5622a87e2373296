// The one builder of Redis keys. Every key starts with the deployment prefix (default `{ck}`; the
// braces are a Redis Cluster hash tag so multi-key scripts stay in one slot). Scenario runs and
// tests use their own prefix, which is how each starts from an empty state.

export class Keys {
  constructor(readonly prefix: string) {}

  private k(...parts: (string | number)[]): string {
    return [this.prefix, ...parts].join(':');
  }

  // intake
  dedupe(messageKey: string) { return this.k('dedupe', messageKey); }
  inbox(conversationId: string) { return this.k('inbox', conversationId); }
  inboxMessage(messageKey: string) { return this.k('msg', messageKey); }
  conversationLock(conversationId: string) { return this.k('lock', 'conv', conversationId); }
  handled(messageKey: string) { return this.k('handled', messageKey); }

  // platform credentials (shared by every process)
  accessToken(platform: string, appId: string) { return this.k('token', platform, appId); }
  accessTokenLock(platform: string, appId: string) { return this.k('token', platform, appId, 'lock'); }

  // outbound
  window(channel: string, user: string) { return this.k('window', channel, user); }
  sent(idempotencyKey: string) { return this.k('sent', idempotencyKey); }
  outboxLog(conversationId: string) { return this.k('outlog', conversationId); }

  // conversation
  conversation(conversationId: string) { return this.k('conv', conversationId); }
  memory(conversationId: string) { return this.k('mem', conversationId); }
  binding(channel: string, user: string) { return this.k('bind', channel, user); }
  bindCode(channel: string, user: string) { return this.k('bindcode', channel, user); }

  // workflows
  case(caseId: string) { return this.k('case', caseId); }
  caseIndex() { return this.k('cases'); }
  caseByWaybill(waybill: string, type: string) { return this.k('case', 'open', waybill, type); }

  // anything else: namespaced by the caller
  custom(...parts: (string | number)[]) { return this.k(...parts); }
}
