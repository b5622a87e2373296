// Phrasings the sealed rounds of data/nlu/ found the model missing, one general form each, checked
// with a neighbour that must keep its own intent. The whole sets gate accuracy (accuracy.test.ts);
// these say in a sentence what each mend was for.
import { describe, expect, it } from 'vitest';
import { understand, type Intent } from '../../../src/agent/nlu/index.js';

const CASES: ReadonlyArray<[lesson: string, text: string, intent: Intent]> = [
  ['reported speech is what the courier said, not a request for a person', '快递员说件可能分拣时弄丢了，让我找客服登记，我该怎么登记丢件', 'lost'],
  ['…while asking for 客服 still is one', '我要找客服', 'human'],
  ['a greeting said in a sentence', '哈喽，我是你们的老用户了，先过来打声招呼，祝你们新年快乐', 'greeting'],
  ['an emoji-decorated hello', '早上好☀️', 'greeting'],
  ['不用帮我催 is a status question', '这个件今天能派到吗？我只是确认一下，不用帮我催', 'track'],
  ['几点派到我们小区 asks about arrival, it is no redirect', '想知道今天大概几点派到我们小区，好定个闹钟起来拿', 'track'],
  ['once customs is behind it, the domestic leg is asked about', 'EA204815735CN 已经清关放行了，现在国内段走到哪了', 'track'],
  ['…while clearance itself is customs', 'EA204815735CN 清关要多久', 'customs'],
  ['formal: 敦促 … 今日送达', '烦请敦促派送员今日送达 sf1360 5582 1947 3。', 'urge'],
  ['formal: 申报货损', '申报货损，烦请安排核实。', 'damaged'],
  ['formal: whether it was signed is a status question', '麻烦帮忙看一下，我们寄出的律师函对方是否已经签收？', 'track'],
  ['formal: an amount refused (不予接受)', '贵司给出的赔偿金额仅为运费的三倍，与货物实际价值相差甚远，我方不予接受。', 'human'],
  ['mould on goods that are not food is damage', '公司寄来的一箱宣传册全部受潮发霉了', 'damaged'],
  ['…and on food spoilage', '寄来的月饼都发霉了', 'fresh_delay'],
  ['rare synonym: 行至何处', '寄给我的那个邮件，现今行至何处了', 'track'],
  ['rare synonym: 派件留影 for a recipient who says it never came', 'SF1398812045567 请提供派件留影，收件方说没拿到', 'delivery_photo'],
  ['rare synonym: 托运, 派人来拉', '家里有个大件要托运，能派人来拉吗', 'ship'],
  ['an amount dispute with 申诉', '只肯按运费三倍赔偿？欺人太甚，我要申诉', 'human'],
  ['a seller wants the 签收记录 to appeal on the platform, not to complain to us', '开店的 顾客申请仅退款说没收到 我要签收记录去平台申诉', 'delivery_photo'],
  ['…while 申诉 to us wants a person', '我要申诉', 'human'],
];

describe('phrasings learnt from the sealed rounds', () => {
  it.each(CASES)('%s: 「%s」 → %s', (_lesson, text, intent) => {
    expect(understand(text).intent).toBe(intent);
  });

  it('refuses a request to insult the brand even when it names the bot', () => {
    const u = understand('你们这个机器人能不能帮我写一首骂你们公司的诗');
    expect(u.intent).toBe('other');
    expect(u.slots.abuse).toBe(true);
  });

  it('takes a recipient’s new number as delivery data, not a bind, and keeps the number', () => {
    const u = understand('收件人电话换了，新号码是 139 1234 5678');
    expect(u.intent).toBe('change_delivery');
    expect(u.slots.phone).toBe('13912345678');
  });
});
