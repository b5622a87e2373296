// The WeCom app part of a scenario run (SCENARIOS.md): `staff:` and `supervisor:` steps are played
// by the sandbox WeCom member — a click finds the newest card sent to that user carrying the button
// and posts the real signed, encrypted template_card_event to /wecom; a text is posted likewise —
// and the `wecom:` expectation checks what was sent in WeCom since the previous step. The world's
// stations and supervisors become the directory and the platform's member list.
import { z } from 'zod';
import { Directory } from '../config/directory.js';
import { worldFromDocument } from '../courier/world.js';
import type { Runtime } from '../runtime.js';
import type { OutboxEntry } from '../sandbox/outbox.js';
import { NoSuchButtonError, type BuiltCallback } from '../sandbox/wecom-member.js';
import type { Failure } from './expectations.js';
import type { LoadedScenario } from './load.js';
import type { ScenarioExtension } from './runner.js';

const WecomItem = z.strictObject({
  to: z.string().min(1).optional(),
  contains: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
  /** true: a task card (template_card); false: anything but one. */
  card: z.boolean().optional(),
  /** These outcome keys are on the card. */
  buttons: z.array(z.string().min(1)).min(1).optional(),
  /** Extension: text | markdown | textcard | card | card_update | robot. */
  kind: z.string().min(1).optional(),
});
type WecomItem = z.infer<typeof WecomItem>;

export function wecomExtension(rt: Runtime, sc: LoadedScenario): ScenarioExtension {
  const sandbox = rt.sandbox;
  const wecom = sandbox?.wecom;
  const services = rt.wecom;
  if (!sandbox || !wecom || !services) return {};
  const { member, platform } = wecom;
  let mark = sandbox.outbox.lastSeq;
  let sent: OutboxEntry[] = [];

  return {
    async setup() {
      const world = worldFromDocument({ name: sc.name, channel: sc.channel, world: sc.world }, { now: sc.now });
      const directory = Directory.fromWorld(world);
      services.directory.replace(directory.snapshot);
      // Only the world's people exist in WeCom: a task to anyone else fails as on the platform.
      const members = directory.members();
      platform.setMembers(members.length ? members : undefined);
      mark = sandbox.outbox.lastSeq;
    },

    async play(t) {
      const step = t.staff ?? t.supervisor;
      if (!step) return undefined;
      const role = t.staff ? 'staff' : 'supervisor';
      if ((step.click === undefined) === (step.text === undefined)) return [{ key: role, reason: 'needs exactly one of click or text' }];
      const known = services.directory.members();
      if (known.length && !known.includes(step.user)) return [{ key: `${role}.user`, reason: `"${step.user}" is not in the world's stations or supervisors` }];
      let cb: BuiltCallback;
      try {
        cb = step.click !== undefined ? member.buildClick(step.user, step.click) : member.buildText(step.user, step.text ?? '');
      } catch (err) {
        if (!(err instanceof NoSuchButtonError)) throw err;
        const cards = platform.cardsOf(step.user).map((c) => c.buttons.map((b) => b.key).join('|'));
        return [{ key: `${role}.click`, reason: `${err.message}; cards sent to ${step.user}: ${JSON.stringify(cards)}` }];
      }
      // `retries: N`: WeCom delivers the same callback again; it must still count once.
      const answers = [await member.post(cb)];
      for (let i = 0; i < (t.retries ?? 0); i++) answers.push(await member.post(cb));
      return answers.filter((a) => a.status !== 200).map((a) => ({ key: 'step', reason: `/wecom answered ${a.status} ${a.body}` }));
    },

    async observe() {
      sent = sandbox.outbox.list({ channel: 'wecom', afterSeq: mark });
      mark = sandbox.outbox.lastSeq;
      return {};
    },

    checkers: { wecom: (want) => checkWecom(want, sent) },
  };
}

/** `wecom: [{to, contains, card, buttons}]`: each item matches some WeCom message of the step. */
export function checkWecom(want: unknown, sent: readonly OutboxEntry[]): Failure[] {
  const items = z.array(WecomItem).safeParse(want);
  if (!items.success) {
    const i = items.error.issues[0];
    return [{ key: `wecom${i ? i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') : ''}`, reason: i?.message ?? 'malformed' }];
  }
  return items.data.flatMap((item, i) =>
    sent.some((m) => matches(item, m))
      ? []
      : [{ key: `wecom[${i}]`, reason: `no WeCom message matching ${JSON.stringify(item)}; sent: ${JSON.stringify(sent.map(describe))}` }],
  );
}

function matches(item: WecomItem, m: OutboxEntry): boolean {
  const contains = item.contains === undefined ? [] : Array.isArray(item.contains) ? item.contains : [item.contains];
  const keys = buttonKeys(m);
  return (
    (item.to === undefined || m.to === item.to) &&
    (item.kind === undefined || m.kind === item.kind) &&
    (item.card === undefined || (m.kind === 'card') === item.card) &&
    contains.every((c) => m.text.includes(c)) &&
    (item.buttons ?? []).every((b) => keys.includes(b))
  );
}

const buttonKeys = (m: OutboxEntry): string[] =>
  Array.isArray(m.buttons) ? m.buttons.flatMap((b) => (b && typeof b === 'object' && typeof (b as { key?: unknown }).key === 'string' ? [(b as { key: string }).key] : [])) : [];

function describe(m: OutboxEntry): string {
  const keys = buttonKeys(m);
  return `${m.kind} → ${m.to}: ${m.text.replace(/\n/g, ' / ').slice(0, 80)}${keys.length ? ` [${keys.join(', ')}]` : ''}`;
}
