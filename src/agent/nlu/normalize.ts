// Text normalisation before any matching: full-width → half-width, traditional → simplified for
// the characters our cue words use, zero-width characters removed, whitespace collapsed.

// Traditional → simplified pairs for characters that occur in courier conversations; a cheap map,
// not a full converter.
const TRADITIONAL = [
  '裡里 裏里 轉转 號号 遞递 貨货 還还 沒没 錯错 話话 電电 碼码 簽签 詢询 務务 員员 關关 過过 賠赔 償偿 進进 單单 運运 麼么 為为 時时 間间 這这 個个 機机',
  '們们 門门 櫃柜 經经 東东 壞坏 丟丢 爛烂 鮮鲜 蝦虾 魚鱼 國国 際际 綁绑 驗验 證证 報报 稅税 聯联 繫系 絡络 請请 幫帮 態态 實实 處处 結结 嗎吗 點点 買买',
  '賣卖 發发 區区 寫写 詩诗 氣气 讓让 戶户 輸输 給给 說说 問问 題题 見见 無无 後后 來来 準准 與与 開开 郵邮 費费 預预 約约 條条 樣样 煩烦 謝谢 銷销 陸陆',
  '損损 臺台 灣湾 驛驿 於于 訊讯 簡简 體体 麵面 裝装 壓压 紙纸 蓋盖 層层 親亲 專专 啟启 達达 認认 識识 總总 長长 鐘钟 兩两 樓楼 莊庄 縣县 鎮镇 鄰邻 衛卫',
  '櫥橱 僅仅 遺遗 圖图 幾几 該该 錢钱 額额 嚴严 誤误 擱搁 凍冻 熱热 線线 換换 辦办 況况 趕赶 緊紧 級级 錄录 據据 邊边 講讲',
  '貴贵 險险 鬧闹 戲戏 嘆叹 歡欢',
].join(' ');

const TRAD_MAP: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const pair of TRADITIONAL.split(' ')) {
    const [from, to] = [...pair];
    if (from && to) m.set(from, to);
  }
  return m;
})();

/** Full-width ASCII (ＳＦ１２３, ！？，) → half-width; ideographic space → space. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

export function toSimplified(text: string): string {
  let out = '';
  for (const ch of text) out += TRAD_MAP.get(ch) ?? ch;
  return out;
}

/** Half-width, simplified, trimmed, single spaces; case is kept (addresses keep their letters). */
export function normalize(text: string): string {
  return toSimplified(toHalfWidth(text))
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The form cue words are matched against: normalised and Latin letters in lower case. */
export function matchForm(text: string): string {
  return normalize(text).toLowerCase();
}
