import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../../src/agent/nlu/canon.js';
import { understand } from '../../../src/agent/nlu/index.js';

const intentOf = (text: string) => understand(text).intent;

describe('canonical wording', () => {
  it('maps homophone typos of key terms onto the term', () => {
    expect(canonicalize('理陪进度')).toBe('理赔进度');
    expect(canonicalize('转人攻')).toBe('转人工');
    expect(canonicalize('签手了')).toBe('签收了');
    expect(canonicalize('绑顶手机')).toBe('绑定手机');
  });

  it('keeps everyday words that only look like typos', () => {
    expect(canonicalize('尽快地送')).toBe('尽快地送');
    expect(canonicalize('面包过期了')).toBe('面包过期了');
    expect(canonicalize('能上门取件吗')).toBe('能上门取件吗');
    expect(canonicalize('应该地址没错')).toBe('应该地址没错');
    expect(canonicalize('海光路的网点')).toBe('海光路的网点');
    expect(canonicalize('你好快地回复我')).toBe('你好快地回复我');
  });

  it('maps Cantonese and northern colloquial words', () => {
    expect(canonicalize('冇收到但系显示签收咗')).toBe('没收到但是显示签收了');
    expect(canonicalize('咋整')).toBe('怎么办');
    expect(canonicalize('俺的快递')).toBe('我的快递');
  });

  it('maps pinyin, English and emoji', () => {
    expect(canonicalize('kuaidi dao na le')).toBe('快递 到哪了');
    expect(canonicalize('where is my parcel')).toBe('在哪 my 包裹');
    expect(canonicalize('📦呢')).toBe('包裹呢');
  });

  it('reads the simple English of non-native customers as the Chinese request it is', () => {
    expect(canonicalize('it say 签收 but i no get')).toBe('显示 签收 but i 没收到');
    expect(canonicalize('i move house, can change address?')).toBe('i 搬家, can 改地址?');
    expect(canonicalize('i want send a box to guangzhou, how much')).toBe('i want 寄 a 包裹 to guangzhou, 多少钱');
  });

  it('is idempotent', () => {
    for (const t of ['kuaidi dao na le', '冇收到但系显示签收咗', '理陪进度', 'pls send the delivery photo']) {
      expect(canonicalize(canonicalize(t))).toBe(canonicalize(t));
    }
  });
});

describe('variants reach the right intent', () => {
  it.each([
    ['快地到哪了', 'track'],
    ['嘛时候能到啊', 'track'],
    ['cui yi xia kuaidi', 'urge'],
    ['rengong', 'human'],
    ['human pls', 'human'],
    ['清光要多久', 'customs'],
    ['取件吗没收到', 'locker_notice'],
    ['该地址', 'change_delivery'],
    ['ji kuaidi', 'ship'],
    ['件去咗边', 'track'],
  ])('%s → %s', (text, intent) => {
    expect(intentOf(text)).toBe(intent);
  });
});
