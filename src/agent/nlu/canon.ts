// Canonical wording before cue matching: the cue files are written in standard written Chinese,
// customers are not. Four classes of variants are mapped onto the standard form:
//   1. homophone typos of the key courier terms (快地 → 快递, 签手 → 签收, 理陪 → 理赔), generated
//      from a small table of confusable characters rather than listed sentence by sentence;
//   2. Cantonese and northern colloquial words (冇 → 没, 咗 → 了, 咋整 → 怎么办, 俺 → 我);
//   3. pinyin written in Latin letters (kuaidi, rengong, cui yi xia);
//   4. English words and emoji mixed into Chinese (where is, pls, delivery photo, 📦).
// Works on the matching form (lower case, identifiers already blanked), so lengths may change.

/** Key terms and, per character, the characters customers type for it by pinyin input mistakes. */
const KEY_TERMS = [
  '快递', '包裹', '签收', '理赔', '赔偿', '人工', '寄件', '破损', '清关', '海关', '取件码', '绑定', '冷链', '物流',
  '投诉', '驿站', '丰巢', '催件', '催单', '妥投', '关税',
];
const CONFUSABLE: Readonly<Record<string, string>> = {
  递: '第弟', 裹: '果锅', 收: '手首受', 赔: '陪培配', 偿: '尝常', 工: '攻宫功', 件: '见建健', 损: '顺孙笋',
  关: '观', 码: '马玛', 定: '顶订', 链: '连练', 流: '留', 诉: '宿素', 驿: '易译', 站: '占', 巢: '潮', 催: '崔摧',
  投: '头', 妥: '托', 绑: '邦',
};

/** One-character variants of every key term (never the term itself), longest first. */
const TYPO_VARIANTS: ReadonlyArray<[string, string]> = (() => {
  const out = new Map<string, string>();
  for (const term of KEY_TERMS) {
    [...term].forEach((ch, i) => {
      for (const alt of CONFUSABLE[ch] ?? '') {
        if (alt === ch) continue;
        const variant = term.slice(0, i) + alt + term.slice(i + 1);
        if (!KEY_TERMS.includes(variant)) out.set(variant, term);
      }
    });
  }
  return [...out.entries()].sort((a, b) => b[0].length - a[0].length);
})();

/** Typos whose variant is also an everyday word, so they need context. */
const CONTEXT_TYPOS: ReadonlyArray<[RegExp, string]> = [
  [/(?<![快很飞尽好真太挺更多赶])快地(?!说|跑|走|回|做|处理|解决|弄)/g, '快递'],
  [/清光(?=要|多久|中|需|几天|失败|异常|状态|进度|了吗|吗)/g, '清关'],
  [/取件吗(?=[\s,]*(?:没|不|收|发|呢|是|多少|在哪|找不到|过期|失效))/g, '取件码'],
  [/(?<![应活本])该(?=(?:个|下|一下)?(?:地址|时间|收件))/g, '改'],
  [/(?<![\u4e00-\u9fff])(?:么|嘛|吗)时候/g, '什么时候'],
  [/嘛时候/g, '什么时候'],
  [/(?<![面打钱红书背荷])包过(?![期来去])/g, '包裹'],
  [/崔(?=一下|下|催|促|快递|件|单)/g, '催'],
];

/** Dialect and colloquial words → standard words (longest first where they overlap). */
const DIALECT: ReadonlyArray<[RegExp, string]> = [
  // Cantonese
  [/有冇/g, '有没有'], [/冇/g, '没'], [/唔该/g, '谢谢'], [/唔系/g, '不是'], [/但系/g, '但是'], [/屋企/g, '家'], [/写住/g, '写着'], [/系咪/g, '是不是'],
  [/仲未/g, '还没'], [/去咗边度?|去咗边/g, '去哪了'], [/边度/g, '哪里'], [/边个/g, '谁'], [/点解/g, '为什么'],
  [/乜嘢|咩嘢/g, '什么'], [/咗/g, '了'], [/唔/g, '不'], [/嘅/g, '的'], [/喺/g, '在'], [/揾/g, '找'], [/俾/g, '给'],
  [/攞/g, '拿'], [/睇/g, '看'], [/佢/g, '他'], [/啲/g, '些'], [/嘢/g, '东西'],
  // Northern and general colloquial
  [/咋(?:整|办|弄|搞)/g, '怎么办'], [/咋/g, '怎么'], [/啥子|撒子|神马|啥/g, '什么'], [/肿么/g, '怎么'], [/木有|没得/g, '没有'],
  [/一丢丢|一咪咪|一滴滴/g, '一点'], [/俺们/g, '我们'], [/俺/g, '我'], [/嘞/g, '了'], [/搁/g, '放'], [/瞅/g, '看'], [/整(?=丢|坏|没)/g, '弄'],
];

/** Latin-letter words (pinyin and English) → Chinese. Matched on word boundaries. */
const LATIN: ReadonlyArray<[string, string]> = [
  // pinyin
  ['kuai ?di', '快递'], ['bao ?guo', '包裹'], ['wu ?liu', '物流'], ['dan ?hao', '单号'], ['dao ?na ?(?:li|er)? ?le', '到哪了'],
  ['zai ?na ?(?:li|er)?', '在哪'], ['shen ?me ?shi ?hou|sm ?shi ?hou', '什么时候'], ['cui ?yi ?xia|cui ?cui|cui', '催一下'],
  ['ren ?gong', '人工'], ['ke ?fu', '客服'], ['tou ?su', '投诉'], ['diu ?le', '丢了'], ['qian ?shou', '签收'],
  ['qing ?guan', '清关'], ['hai ?guan', '海关'], ['li ?pei', '理赔'], ['pei ?chang', '赔偿'], ['bang ?ding', '绑定'],
  ['shou ?ji', '手机'], ['ji ?jian', '寄件'], ['ji ?(?=快递)', '寄'], ['qu ?jian ?ma', '取件码'], ['yi ?zhan', '驿站'],
  ['xie ?xie', '谢谢'], ['ni ?hao', '你好'], ['zai ?ma', '在吗'], ['di ?zhi', '地址'], ['po ?sun', '破损'], ['kuai ?dian', '快点'],
  // English (longer phrases before the words inside them)
  ['change (?:the |my )?address', '改地址'],
  ['proof of delivery|delivery (?:photo|picture|pic|proof)s?|pod', '签收照片'], ['photos?|pictures?|pics?|images?', '照片'],
  ["where(?:'s| is| are)?", '在哪'], ['when will', '什么时候'], ['arrived?|arrives', '到'], ['check', '查一下'], ['tracking(?: number)?|track', '查物流'],
  ['parcels?|packages?|pkgs?|shipments?', '包裹'], ['status', '状态'], ['lost|missing', '丢了'],
  ['broken|damaged|smashed|cracked', '破损'], ['real person|customer service|human|agent|operator|manager', '人工'],
  ['complain(?:t|ts)?', '投诉'], ['customs', '海关'], ['clearance', '清关'], ['tax(?:es)?|duty|duties', '关税'],
  ['refund|compensation|claim', '理赔'], ['progress', '进度'], ['case|ticket', '工单'], ['asap|urgent|hurry|rush', '加急'],
  ['address', '地址'], ['bind', '绑定'], ['phone(?: number)?|mobile', '手机'], ['ship(?:ping)?|send (?:a |my )?包裹', '寄件'],
  ['locker', '快递柜'], ['pick ?up code', '取件码'], ['not received|never (?:got|received)|didn\'?t (?:get|receive)', '没收到'],
  ['signed', '签收'], ['pls|plz|please', ' '],
  ['move[ds]? (?:house|home)|moving (?:house|home)', '搬家'],
  ["no get|not get|(?:don'?t|did ?n'?t|did not) (?:get|receive)|no receive|not receive", '没收到'], ['it says?|shows?|showed', '显示'],
  ['seafood', '海鲜'], ['fruits?', '水果'], ['meat', '肉'], ['flowers?', '鲜花'], ['fresh food', '生鲜'],
  ['smells?|smelly|stinks?|stinky|rotten|spoiled|gone bad', '臭了'], ['too late|(?:is |so )?late|delay(?:ed)?', '晚到'],
  ['how much|price|cost', '多少钱'], ['send', '寄'], ['box(?:es)?', '包裹'], ['money', '钱'],
  ['when (?:will )?(?:it )?(?:come|arrive)', '什么时候到'], ['wrong (?:item|thing|goods)', '发错货'], ['today', '今天'], ['tomorrow', '明天'],
];
const LATIN_RES: ReadonlyArray<[RegExp, string]> = LATIN.map(([src, to]) => [new RegExp(`(?<![a-z])(?:${src})(?![a-z])`, 'g'), to]);

const EMOJI: ReadonlyArray<[RegExp, string]> = [
  [/📦/gu, '包裹'], [/[🚚🚛]/gu, '快递'], [/🙏/gu, '拜托'], [/💔/gu, ' '],
];

/** The matching form in standard wording. Idempotent. */
export function canonicalize(text: string): string {
  let out = text;
  for (const [from, to] of EMOJI) out = out.replace(from, to);
  if (/[a-z]/.test(out)) for (const [from, to] of LATIN_RES) out = out.replace(from, to);
  for (const [from, to] of DIALECT) out = out.replace(from, to);
  for (const [from, to] of CONTEXT_TYPOS) out = out.replace(from, to);
  for (const [variant, term] of TYPO_VARIANTS) if (out.includes(variant)) out = out.split(variant).join(term);
  return out;
}
