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
});
