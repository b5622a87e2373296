import { describe, expect, it } from 'vitest';
import {
  MENU_CLAIM,
  MENU_HUMAN,
  MENU_KEYS,
  MENU_PHOTO,
  MENU_TRACK,
  MENU_URGE,
  loadMenu,
  menuKeysOf,
  parseMenu,
} from '../../../src/channels/wechat/menu.js';
import { menuErrcode } from '../../../src/sandbox/oa-rules.js';

const click = (name: string, key: string) => ({ type: 'click', name, key });
const problems = (input: unknown) => {
  try {
    parseMenu(input);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
};

describe('the custom menu (PROTOCOL.md §3.6)', () => {
  it('keeps the menu keys the inbound pipeline relies on', () => {
    expect([MENU_TRACK, MENU_URGE, MENU_CLAIM, MENU_HUMAN, MENU_PHOTO]).toEqual([
      'menu_track',
      'menu_urge',
      'menu_claim',
      'menu_human',
      'menu_photo',
    ]);
  });

  it('loads config/menu.json with every menu key and a photo upload button', async () => {
    const menu = await loadMenu();
    expect(menuKeysOf(menu).sort()).toEqual([...MENU_KEYS].sort());
    const leaves = menu.button.flatMap((b) => ('sub_button' in b ? b.sub_button : [b]));
    expect(leaves.find((b) => 'key' in b && b.key === MENU_PHOTO)?.type).toBe('pic_photo_or_album');
    expect(leaves.map((b) => b.name)).toEqual(expect.arrayContaining(['查快递', '催派件', '理赔与投诉', '人工客服']));
  });

  it('is accepted by the platform emulator as it is', async () => {
    expect(menuErrcode(await loadMenu())).toBe(0);
  });

  it('rejects more than 3 top-level buttons', () => {
    expect(problems({ button: [click('a', 'a'), click('b', 'b'), click('c', 'c'), click('d', 'd')] })).toMatch(/button/);
  });

  it('rejects more than 5 sub buttons and an empty sub menu', () => {
    const six = Array.from({ length: 6 }, (_, i) => click(`s${i}`, `k${i}`));
    expect(problems({ button: [{ name: '服务', sub_button: six }] })).toMatch(/sub_button/);
    expect(problems({ button: [{ name: '服务', sub_button: [] }] })).toMatch(/sub_button/);
  });

  it('counts name limits in UTF-8 bytes: 16 at the top, 60 below', () => {
    expect(problems({ button: [click('五个汉字呀', 'a')] })).toBe(''); // 15 bytes
    expect(problems({ button: [click('六个汉字呀呀', 'a')] })).toMatch(/at most 16 bytes/); // 18 bytes
    expect(problems({ button: [{ name: '服务', sub_button: [click('字'.repeat(20), 'a')] }] })).toBe(''); // 60 bytes
    expect(problems({ button: [{ name: '服务', sub_button: [click('字'.repeat(21), 'a')] }] })).toMatch(/at most 60 bytes/);
  });

  it('rejects a key over 128 bytes and a duplicate key', () => {
    expect(problems({ button: [click('a', 'k'.repeat(129))] })).toMatch(/at most 128 bytes/);
    expect(problems({ button: [click('a', 'same'), click('b', 'same')] })).toMatch(/duplicate key same/);
  });

  it('rejects a view button without url and an unknown type', () => {
    expect(problems({ button: [{ type: 'view', name: '官网' }] })).not.toBe('');
    expect(problems({ button: [{ type: 'teleport', name: 'x', key: 'x' }] })).not.toBe('');
  });

  it('names the file in the error when it cannot be read', async () => {
    await expect(loadMenu('config/does-not-exist.json')).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('config/does-not-exist.json'),
    });
  });
});
