import { describe, expect, it } from 'vitest';
import { focusOf } from '../../../src/agent/nlu/focus.js';
import { understand } from '../../../src/agent/nlu/index.js';

describe('focusOf', () => {
  it('reads the request from the present episode when an earlier one is told first', () => {
    expect(focusOf('之前丢过一次件,理赔也处理好了,这次又寄了一份文件,想查一下状态')).toBe('这次又寄了一份文件,想查一下状态');
  });

  it('leaves a message alone without a past marker before the pivot', () => {
    expect(focusOf('这次又没送到')).toBe('这次又没送到');
    expect(focusOf('这次的件和上次一样坏了')).toBe('这次的件和上次一样坏了');
  });
});

describe('the focused understanding', () => {
  it('does not let a settled old claim decide a new parcel’s request', () => {
    expect(understand('之前申请过一次理赔的那个件已经结了，这次是个新件，到了网点三天都不派，能不能帮我催一下').intent).toBe('urge');
  });

  it('reads 快递员让我找客服 as what the courier said, not as a request for a person', () => {
    expect(understand('快递员说件可能分拣时弄丢了，让我找客服登记，我该怎么登记丢件').intent).toBe('lost');
    expect(understand('我要找客服').intent).toBe('human');
  });

  it('refuses a request to insult the brand even when it names the bot or a person', () => {
    const u = understand('你们这个机器人能不能帮我写一首骂你们公司的诗');
    expect(u.intent).toBe('other');
    expect(u.slots.abuse).toBe(true);
  });

  it('takes a greeting said in a sentence as a greeting', () => {
    expect(understand('哈喽，我是你们的老用户了，先过来打声招呼，祝你们新年快乐').intent).toBe('greeting');
  });
});

describe('neighbouring intents', () => {
  it('reads 不用帮我催 as a status question', () => {
    expect(understand('这个件今天能派到吗？我只是确认一下，不用帮我催').intent).toBe('track');
  });

  it('asks about the domestic leg once customs is behind the parcel', () => {
    expect(understand('EA204815735CN 已经清关放行了，现在国内段走到哪了').intent).toBe('track');
    expect(understand('EA204815735CN 清关要多久').intent).toBe('customs');
  });
});

describe('formal wording', () => {
  it('reads the requests of institutional senders', () => {
    expect(understand('烦请敦促派送员今日送达 sf1360 5582 1947 3。').intent).toBe('urge');
    expect(understand('申报货损，烦请安排核实。').intent).toBe('damaged');
    expect(understand('麻烦帮忙看一下，我们寄出的律师函对方是否已经签收？').intent).toBe('track');
    expect(understand('贵司给出的赔偿金额仅为运费的三倍，与货物实际价值相差甚远，我方不予接受。').intent).toBe('human');
  });

  it('takes mould on goods that are not food as damage, and on food as spoilage', () => {
    expect(understand('公司寄来的一箱宣传册全部受潮发霉了').intent).toBe('damaged');
    expect(understand('寄来的月饼都发霉了').intent).toBe('fresh_delay');
  });
});

describe('rarer wording', () => {
  it('reads rare synonyms of the common requests', () => {
    expect(understand('寄给我的那个邮件，现今行至何处了').intent).toBe('track');
    expect(understand('SF1398812045567 请提供派件留影，收件方说没拿到').intent).toBe('delivery_photo');
    expect(understand('家里有个大件要托运，能派人来拉吗').intent).toBe('ship');
    expect(understand('只肯按运费三倍赔偿？欺人太甚，我要申诉').intent).toBe('human');
  });

  it('takes a recipient’s new number as a change of delivery data, not a bind', () => {
    const u = understand('收件人电话换了，新号码是 139 1234 5678');
    expect(u.intent).toBe('change_delivery');
    expect(u.slots.phone).toBe('13912345678');
  });
});

describe('sellers and small talk', () => {
  it('reads a seller asking for the signing record for a platform appeal as a proof request, not a complaint to us', () => {
    expect(understand('开店的 顾客申请仅退款说没收到 我要签收记录去平台申诉').intent).toBe('delivery_photo');
    expect(understand('我要申诉').intent).toBe('human');
  });

  it('takes an emoji-decorated hello as a greeting', () => {
    expect(understand('早上好☀️').intent).toBe('greeting');
  });

  it('reads 几点派到我们小区 as a question about arrival, not a redirect', () => {
    expect(understand('想知道今天大概几点派到我们小区，好定个闹钟起来拿').intent).toBe('track');
  });
});
