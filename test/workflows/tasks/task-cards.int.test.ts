// Task cards end to end: TaskCards.create() sends real cards through the emulated WeCom; the
// sandbox member clicks and writes through the real /wecom webhook; the real staff worker routes
// the events to the owner's handlers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_BUTTONS, URGE_OUTCOMES, type MessageContext, type OutcomeContext, type Task } from '../../../src/workflows/tasks/index.js';
import { startService, type TestService } from '../../helpers/runtime.js';

// A test-only owner: the product's own owners (urge, verification…) register in the runtime.
const OWNER = 'station_test';

let svc: TestService;
let outcomes: OutcomeContext[];
let messages: MessageContext[];
let failOutcome: number;

beforeEach(async () => {
  svc = await startService();
  outcomes = [];
  messages = [];
  failOutcome = 0;
  const w = svc.rt.wecom!;
  w.directory.replace({
    stations: [{ id: 'zhangjiang', name: '浦东张江网点', staff: [{ userid: 'zhang_wei', name: '张伟' }, { userid: 'liu_yang', name: '刘洋' }] }],
    supervisors: [{ userid: 'li_na', name: '李娜', onDuty: true }],
  });
  w.tasks.onOutcome(OWNER, async (ctx) => {
    outcomes.push(ctx);
    if (failOutcome > 0) {
      failOutcome -= 1;
      throw new Error('courier backend down');
    }
  });
  w.tasks.onMessage(OWNER, async (ctx) => {
    messages.push(ctx);
  });
});
afterEach(async () => {
  await svc.stop();
});

const wecom = () => svc.rt.wecom!;
const member = () => svc.rt.sandbox!.wecom!.member;
const platform = () => svc.rt.sandbox!.wecom!.platform;
const textsTo = (userid: string) => svc.rt.sandbox!.outbox.list({ to: userid, channel: 'wecom' }).filter((m) => m.kind === 'text').map((m) => m.text);

const urgeTask = (over: Record<string, unknown> = {}) =>
  wecom().tasks.create({
    owner: OWNER,
    ownerRef: 'case_1',
    to: ['zhang_wei', 'liu_yang'],
    title: '催派：SF1000000000001',
    description: '客户催促今天送达，老小区无电梯',
    fields: [
      { key: '运单', value: 'SF1000000000001' },
      { key: '地址', value: '张江路 1 号 3 号楼' },
    ],
    buttons: [...DEFAULT_BUTTONS.urge],
    quote: { title: '客户原话', text: '今天能送到吗？' },
    ...over,
  });

const click = async (userid: string, key: string) => {
  const res = await member().click(userid, key);
  expect(res).toEqual({ status: 200, body: '' });
  await svc.settle();
};

describe('TaskCards.create', () => {
  it('sends each recipient their own card carrying the short code, the fields and the outcome buttons', async () => {
    const task = await urgeTask();
    expect(task).toMatchObject({ owner: OWNER, ownerRef: 'case_1', status: 'open', code: expect.stringMatching(/^[2-9A-HJ-NP-Z]{6}$/) });
    expect(task.recipients.map((r) => [r.userid, r.status])).toEqual([
      ['zhang_wei', 'sent'],
      ['liu_yang', 'sent'],
    ]);
    for (const r of task.recipients) {
      const [card] = platform().cardsOf(r.userid);
      expect(card?.taskId).toBe(r.cardTaskId);
      expect(card?.buttons.map((b) => b.key)).toEqual([URGE_OUTCOMES.willDeliver, URGE_OUTCOMES.delivered, URGE_OUTCOMES.cannotDeliver]);
    }
    const [entry] = svc.rt.sandbox!.outbox.list({ to: 'zhang_wei' });
    for (const s of [`#${task.code}`, '催派：SF1000000000001', '张江路 1 号 3 号楼', '今天能送到吗？', '今天送达', '无法派送']) expect(entry?.text).toContain(s);
  });

  it('refuses a card of a known kind without its outcome keys, and malformed input', async () => {
    const urgeWithoutKeys = urgeTask({ owner: 'urge', buttons: [{ key: 'will_deliver', text: '今天送达' }] });
    await expect(urgeWithoutKeys).rejects.toMatchObject({ code: 'TASK_INVALID', message: expect.stringContaining('delivered, cannot_deliver') });
    await expect(urgeTask({ owner: 'Bad Owner' })).rejects.toMatchObject({ code: 'TASK_INVALID' });
    await expect(urgeTask({ buttons: [{ key: 'a', text: 'A' }, { key: 'a', text: 'B' }] })).rejects.toMatchObject({ code: 'TASK_INVALID' });
    await expect(urgeTask({ to: [] })).rejects.toMatchObject({ code: 'TASK_INVALID' });
    expect(platform().counters.sends).toBe(0);
  });

  it('returns the same task for the same idempotency key and sends nothing twice', async () => {
    const a = await urgeTask({ idempotencyKey: 'case_1:urge:1' });
    const b = await urgeTask({ idempotencyKey: 'case_1:urge:1' });
    expect(b.id).toBe(a.id);
    expect(platform().counters.sends).toBe(2);
  });

  it('marks a member the platform does not know as failed and still reaches the others; nobody reachable is an error', async () => {
    platform().setMembers(['zhang_wei', 'liu_yang']);
    const task = await urgeTask({ to: ['zhang_wei', 'ghost'] });
    expect(task.recipients.map((r) => r.status)).toEqual(['sent', 'failed']);
    await expect(urgeTask({ to: ['ghost'] })).rejects.toMatchObject({ code: 'TASK_UNDELIVERED' });
  });

  it('resumes delivery after a retryable failure when called again with its idempotency key', async () => {
    platform().failNext(-1, { times: 1 });
    await expect(urgeTask({ idempotencyKey: 'k2' })).rejects.toMatchObject({ kind: 'retryable' });
    const task = await urgeTask({ idempotencyKey: 'k2' });
    expect(task.recipients.map((r) => r.status)).toEqual(['sent', 'sent']);
  });
});

describe('a click on a task card', () => {
  let task: Task;
  beforeEach(async () => {
    task = await urgeTask();
  });

  it('runs the owner handler once and shows the outcome and who took it on every card', async () => {
    await click('zhang_wei', 'will_deliver');
    expect(outcomes.map((o) => [o.task.id, o.outcome, o.user])).toEqual([[task.id, 'will_deliver', 'zhang_wei']]);
    for (const r of task.recipients) expect(platform().card(r.userid, r.cardTaskId)?.replaceName).toBe('已处理：今天送达（张伟）');
    expect(await wecom().tasks.get(task.id)).toMatchObject({ status: 'done', outcome: { key: 'will_deliver', text: '今天送达', by: 'zhang_wei' } });
    expect(textsTo('zhang_wei')).toEqual([]);
  });

  it('changes nothing when a second member clicks later, and tells them politely who took it', async () => {
    await click('zhang_wei', 'will_deliver');
    await click('liu_yang', 'delivered');
    expect(outcomes).toHaveLength(1);
    expect(textsTo('liu_yang')).toEqual(['该任务已由 张伟 处理：今天送达']);
    expect((await wecom().tasks.get(task.id))?.outcome?.key).toBe('will_deliver');
  });

  it('runs the handler once for a replayed identical callback and for a double click', async () => {
    const cb = member().buildClick('zhang_wei', 'will_deliver');
    await Promise.all([member().post(cb), member().post(cb), member().post(cb)]);
    await svc.settle();
    svc.clock.advance(1000);
    await click('zhang_wei', 'will_deliver');
    expect(outcomes).toHaveLength(1);
    // The replays were platform retries (deduplicated, silent); the second click was a click.
    expect(textsTo('zhang_wei')).toEqual(['该任务已由 张伟 处理：今天送达']);
  });

  it('gives exactly one outcome when two members click at the same moment', async () => {
    const a = member().buildClick('zhang_wei', 'will_deliver');
    const b = member().buildClick('liu_yang', 'cannot_deliver');
    await Promise.all([member().post(a), member().post(b)]);
    await svc.settle();
    expect(outcomes).toHaveLength(1);
    const done = await wecom().tasks.get(task.id);
    const loser = done?.outcome?.by === 'zhang_wei' ? 'liu_yang' : 'zhang_wei';
    expect(textsTo(loser)).toEqual([expect.stringContaining('该任务已由')]);
    for (const r of task.recipients) expect(platform().card(r.userid, r.cardTaskId)?.replaceName).toMatch(/^已处理：/);
  });

  it('retries a failing handler and completes it once', async () => {
    failOutcome = 1;
    await click('zhang_wei', 'will_deliver');
    expect(outcomes).toHaveLength(2);
    expect(platform().card('liu_yang', task.recipients[1]!.cardTaskId)?.replaceName).toBe('已处理：今天送达（张伟）');
  });

  it('reopens the task when the handler keeps failing, tells the clicker, and lets a later click win', async () => {
    failOutcome = 100;
    await click('zhang_wei', 'will_deliver');
    expect(textsTo('zhang_wei')).toEqual(['抱歉，刚才的操作没有处理成功，请再点一次按钮。']);
    expect((await wecom().tasks.get(task.id))?.status).toBe('open');
    failOutcome = 0;
    const tries = outcomes.length;
    await click('liu_yang', 'delivered');
    expect(outcomes.slice(tries).map((o) => [o.outcome, o.user])).toEqual([['delivered', 'liu_yang']]);
    expect((await wecom().tasks.get(task.id))?.outcome).toMatchObject({ key: 'delivered', by: 'liu_yang' });
  });

  it('sends the text the handler returns to the clicker', async () => {
    const t = await wecom().tasks.create({ owner: 'reply_test', ownerRef: 'c2', to: ['zhang_wei'], title: '核实', buttons: [{ key: 'ok', text: '好' }] });
    wecom().tasks.onOutcome('reply_test', async () => '已通知客户：今晚 20 点前送达');
    await click('zhang_wei', 'ok');
    expect(textsTo('zhang_wei')).toEqual(['已通知客户：今晚 20 点前送达']);
    expect((await wecom().tasks.get(t.id))?.status).toBe('done');
  });
});

describe('staff texts and photos about a task', () => {
  let task: Task;
  beforeEach(async () => {
    task = await urgeTask();
  });

  it('routes a #code text to the owner onMessage with the task, and acknowledges it', async () => {
    await member().text('liu_yang', `#${task.code.toLowerCase()} 客户不在家，改明天上午`);
    await svc.settle();
    expect(messages.map((m) => [m.task.id, m.user, m.text])).toEqual([[task.id, 'liu_yang', `#${task.code.toLowerCase()} 客户不在家，改明天上午`]]);
    expect(textsTo('liu_yang')).toEqual([`已收到，已记入任务 #${task.code}。`]);
  });

  it('finds the code in a quoted card, and gives a photo sent right after to the same task', async () => {
    const quoted = `「浦东张江网点：催派：SF1000000000001 任务码 #${task.code}（补充说明或照片时请带上）」\n- - - - - - - - - - - - - - -\n门口照片如下`;
    await member().text('zhang_wei', quoted);
    await member().image('zhang_wei', 'door.jpg');
    await svc.settle();
    expect(messages.map((m) => [m.task.id, m.text === undefined ? 'image' : 'text'])).toEqual([
      [task.id, 'text'],
      [task.id, 'image'],
    ]);
    expect(messages[1]?.image?.mediaId).toBeTruthy();
  });

  it('answers a text without a task reference with the help text, and an unknown code with a hint', async () => {
    await member().text('zhang_wei', '你好');
    await member().text('zhang_wei', '#ZZZZZZ 这个呢');
    await svc.settle();
    expect(textsTo('zhang_wei')).toEqual([expect.stringContaining('请点卡片上的按钮处理任务'), '没有找到任务 #ZZZZZZ，请核对卡片上的任务码。']);
    expect(messages).toEqual([]);
  });

  it('asks for the code when a photo arrives with no task in context', async () => {
    await member().image('li_na', 'x.jpg');
    await svc.settle();
    expect(textsTo('li_na')).toEqual(['收到照片，但不知道是哪个任务的。请先发送“#任务码”，再发照片。']);
  });

  it('does not route a code to a member the task was not sent to', async () => {
    await member().text('li_na', `#${task.code} 我看看`);
    await svc.settle();
    expect(messages).toEqual([]);
    expect(textsTo('li_na')).toEqual([`没有找到任务 #${task.code}，请核对卡片上的任务码。`]);
  });
});
