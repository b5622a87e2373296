// The handoff's part of scenario runs (SCENARIOS.md): `handoff: { state, to }` reads the acting
// customer's conversation state — extended with `kf_state` (the emulated 微信客服 session state, and
// with `to` its servicer) and `callback` (a callback follow-up job exists for the handoff) — and
// `context_card.contains` checks the handoff cards supervisors received. On a 微信客服 scenario, a
// supervisor serving the customer in their WeCom client writes there: a `supervisor: { text }` that
// is no command is played as that servicer message (origin 5), which WeChat shows the customer.
import { z } from 'zod';
import { jobIdFor } from '../lib/ids.js';
import type { Runtime } from '../runtime.js';
import { parseCommand } from '../handoff/commands.js';
import type { Failure } from './expectations.js';
import type { LoadedScenario } from './load.js';
import type { ScenarioExtension } from './runner.js';

const HandoffExpect = z.strictObject({
  state: z.enum(['bot', 'queued', 'human']).optional(),
  to: z.string().min(1).optional(),
  /** Extension: the 微信客服 session state on the platform (PROTOCOL.md §5.5). */
  kf_state: z.number().int().min(0).max(4).optional(),
  /** Extension: a callback follow-up is scheduled (true) or not (false). */
  callback: z.boolean().optional(),
});

export function handoffExtension(rt: Runtime, sc: LoadedScenario): ScenarioExtension {
  let actor = sc.defaultCustomer;
  const conversationOf = (openid: string) => `${sc.channel}:${openid}`;

  async function checkHandoff(want: unknown): Promise<Failure[]> {
    const w = HandoffExpect.safeParse(want);
    if (!w.success) {
      const issue = w.error.issues[0];
      const path = issue?.path.join('.') ?? '';
      return [{ key: path ? `handoff.${path}` : 'handoff', reason: issue?.message ?? 'malformed' }];
    }
    const st = await rt.handoff.state(conversationOf(actor));
    const out: Failure[] = [];
    const seen = JSON.stringify({ state: st.state, to: st.assignee, case: st.caseId });
    if (w.data.state && st.state !== w.data.state) out.push({ key: 'handoff.state', reason: `expected ${w.data.state}, found ${seen}` });
    if (w.data.to && st.assignee !== w.data.to) out.push({ key: 'handoff.to', reason: `expected ${w.data.to}, found ${seen}` });
    if (w.data.kf_state !== undefined) {
      const kf = rt.sandbox?.kf;
      const view = kf?.platform.sessions.view(kf.customer.openKfId, actor);
      if (!view || view.state !== w.data.kf_state || (w.data.kf_state === 3 && w.data.to && view.servicer !== w.data.to)) {
        out.push({ key: 'handoff.kf_state', reason: `expected ${w.data.kf_state}${w.data.to ? ` with ${w.data.to}` : ''}, the platform has ${JSON.stringify(view ?? null)}` });
      }
    }
    if (w.data.callback !== undefined) {
      const exists = await callbackScheduled(actor);
      if (exists !== w.data.callback) out.push({ key: 'handoff.callback', reason: exists ? 'a callback follow-up is scheduled' : 'no callback follow-up is scheduled' });
    }
    return out;
  }

  async function callbackScheduled(openid: string): Promise<boolean> {
    const [newest] = await rt.agent.cases.find({ customer: { channel: sc.channel, id: openid }, type: 'handoff', limit: 1 });
    if (!newest) return false;
    return !!(await rt.queues['follow-up'].getJob(jobIdFor('fu', `${newest.id}:callback`)));
  }

  function checkCard(want: unknown): Failure[] {
    const strings = (want as { contains: string[] }).contains;
    const cards = (rt.sandbox?.outbox.list({ channel: 'wecom' }) ?? []).filter((m) => m.kind === 'card' && String(m.taskId ?? '').startsWith('handoff-')).reverse();
    if (cards.some((c) => strings.every((s) => c.text.includes(s)))) return [];
    if (!cards.length) return [{ key: 'context_card', reason: 'no handoff card was sent to a supervisor' }];
    const newest = cards[0]!.text;
    return [{ key: 'context_card.contains', reason: `missing ${JSON.stringify(strings.filter((s) => !newest.includes(s)))}; newest card: ${JSON.stringify(newest.replace(/\n/g, ' / '))}` }];
  }

  return {
    async beforeStep(_turn, openid) {
      actor = openid;
    },
    async play(t, openid) {
      const step = t.supervisor;
      const kf = rt.sandbox?.kf;
      if (sc.channel !== 'wecom-kf' || !kf || step?.text === undefined || parseCommand(step.text).kind !== 'say') return undefined;
      const st = await rt.handoff.state(conversationOf(openid));
      if (st.state !== 'human' || st.bridge !== 'kf' || st.assignee !== step.user) return undefined;
      kf.platform.servicerMessage(kf.customer.openKfId, openid, step.user, step.text);
      rt.sandbox?.outbox.record({ channel: 'wecom-kf', to: openid, kind: 'text', text: step.text, servicer: step.user, origin: 5 });
      const res = await kf.customer.post(kf.customer.build());
      return res.status === 200 ? [] : [{ key: 'step', reason: `/wecom/kf answered ${res.status} ${res.body}` }];
    },
    checkers: { handoff: checkHandoff, context_card: checkCard },
  };
}
