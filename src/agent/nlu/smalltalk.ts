// Greetings, thanks and acknowledgements. A message is a greeting only when nothing else is left
// once these words are removed: "你好 帮我查个快递" is a tracking request.

const GREETING_WORDS = [
  '你们好', '大家好', '你好', '您好', '在吗', '在么', '在的吗', '在不在', '在不', '有人吗', '有人在吗', 'hello', 'hi', 'hey', '哈喽', '哈啰',
  '嗨', '早上好', '早安', '上午好', '中午好', '下午好', '晚上好', '晚安', '谢谢你们', '谢谢您', '感激不尽', '万分感谢', '非常感谢', '太感谢了', '感谢感谢', '谢谢你', '谢谢', '多谢', '感谢',
  '谢啦', '谢了', 'thx', 'thanks', 'thank you', '好的', '好滴', '好嘞', '好吧', '好', 'okay', 'ok', '嗯', '恩', '哦', '噢',
  '喔', '知道了', '知道', '晓得', '懂了', '明白了', '明白', '了解', '收到', '辛苦了', '辛苦你', '辛苦您', '辛苦', '麻烦你', '麻烦您', '麻烦了', '打扰了', '打扰一下', '拜拜', '再见', 'bye', '没事了', '没问题', '行',
  '可以', '亲', '早', '客服小姐姐', '客服小哥哥', '小姐姐', '小哥哥', '打扰啦', '客服', '客服你好', '客服您好', '请问', '你的帮助', '你的帮忙', '您的帮助', '您的帮忙', '我知道了', '我明白了',
].sort((a, b) => b.length - a.length);

/** Particles, punctuation and any emoji (☀️, 😊): they carry tone, not a request. */
const FILLER = /[\s啦呀啊哈了的嘞呢哇吧~～.,。，!?、…\p{Extended_Pictographic}\uFE0F\u200D]+/gu;

/** True when the message is only greetings, thanks or acknowledgements. */
export function isSmallTalk(text: string): boolean {
  let rest = text.toLowerCase();
  if (!rest.trim()) return false;
  for (const w of GREETING_WORDS) rest = rest.split(w).join(' ');
  return rest.replace(FILLER, '') === '';
}
