// Which part of a message carries the request. Customers often tell an earlier episode before the
// present one: "之前丢过一次件，理赔也处理好了，这次又寄了一份文件，想查一下状态" — the claim words belong
// to the past and must not decide. When a past marker comes before a present pivot (这次/这回/
// 现在这个), the cue words are read from the pivot on; slots and safety flags still see everything.

const PAST = /之前|上次|以前|上回|上一次|前几天那个|去年/;
const PIVOT = /这次|这回|这一次|现在这个|今天这个|这个新件|新的这个/g;

export function focusOf(text: string): string {
  const past = PAST.exec(text);
  if (!past) return text;
  let cut = -1;
  for (const m of text.matchAll(PIVOT)) if (m.index > past.index) cut = m.index;
  return cut > 0 ? text.slice(cut) : text;
}
