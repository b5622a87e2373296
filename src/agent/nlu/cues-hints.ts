// Weak evidence: single topical words that say which area a message is about without saying what
// the customer wants. rules.ts counts them (WEAK_RULES) only when no real cue matched at all, so
// they decide messages that would otherwise fall through to the courier-noun fallback or 'other'
// (急!!!, 碎, 地址, 赔的事, 寄东西) and never tip a real decision. `resolved` and `query` are the
// two modifiers of that tier: a thank-you closes the matter, a question mark turns 显示签收 into a
// complaint.
import { re } from './cue-kit.js';

export const HINT_CUES = {
  /** The matter is closed: 取出来了 谢谢, 没事了, 找到了. A topic word in a thank-you is not a request. */
  resolved: re('(?:取|拿|收|找)(?:到|出来|回来)了', '没事了', '解决了', '不用了', '谢谢', '感谢', '多谢', '辛苦了'),
  hintUrge: re('急', '快(?:点|些)?(?:啊|呀|吧)'),
  hintDamage: re('坏', '破', '碎', '裂', '瘪', '凹'),
  hintFresh: re('生鲜', '冷链', '海鲜', '水果', '鲜'),
  /** A question or a complaint mark: with 显示签收 alone it means "but where is it". */
  query: re('\\?', '吗', '么', '怎么', '为什么', '为啥', '什么', '谁', '哪', '咋'),
  hintPhoto: re('照', '图', '拍'),
  hintLocker: re('柜', '驿站', '取件', '代收'),
  hintChange: re('地址', '改(?!善|进)', '换个', '别送', '不在家'),
  hintClaim: re('赔', '补偿', '退钱'),
  hintHuman: re('客服', '投诉'),
  hintBind: re('手机', '号码', '电话号'),
  hintShip: re('(?<![我已刚])寄(?!的|丢|来|过来|回|到了|出去了|件人|件方)', '发快递', '运费', '取件(?!码)'),
  hintCustoms: re('税', '海外', '国际', '进口'),
} as const;
