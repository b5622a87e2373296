// 补充信息: facts a customer mentions that the next person must not ask again (DESIGN.md: the
// supervisor's card shows 老小区无电梯). Picked up by plain cues; kept in memory per conversation.
const CUES: [RegExp, string][] = [
  [/没(有)?电梯|无电梯|爬楼|楼梯房/, '老小区无电梯'],
  [/腿脚不便|行动不便|腿不好|坐轮椅|老人家?一个人/, '行动不便'],
  [/(放|送)(到)?(丰巢|快递柜)/, '要求放快递柜'],
  [/(放|送)(到)?门口/, '要求放门口'],
  [/上班|白天不在家|工作日不在/, '白天不在家'],
  [/孕妇|怀孕/, '孕妇'],
  [/(生日|婚礼|考试|出差|急用|着急用)/, '时间敏感（急用）'],
];

export function supplementsIn(text: string): string[] {
  return CUES.filter(([re]) => re.test(text)).map(([, fact]) => fact);
}
