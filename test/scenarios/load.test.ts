import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenarios/load.js';
import { ScenarioFormatError } from '../../src/scenarios/schema.js';

const errorOf = (text: string) => {
  try {
    parseScenario('x.yaml', text);
  } catch (e) {
    return e as ScenarioFormatError;
  }
  throw new Error('expected a format error');
};

describe('parseScenario', () => {
  it('reads name, channel, clock start and turns', () => {
    const s = parseScenario('a.yaml', 'name: t\nnow: 2026-11-11T10:00:00+08:00\nworld: { customers: [{ openid: o1 }] }\nturns:\n  - customer: 你好\n    expect: { reply: { any: [您好] } }\n');
    expect(s.name).toBe('t');
    expect(s.channel).toBe('wechat');
    expect(s.now).toBe(Date.parse('2026-11-11T02:00:00Z'));
    expect(s.defaultCustomer).toBe('o1');
    expect(s.turns).toHaveLength(1);
  });

  it('names the file, the key and the reason for a misspelt expectation', () => {
    const e = errorOf('name: t\nturns:\n  - customer: 你好\n    expect: { reply: { contain: [x] } }\n');
    expect(e.file).toBe('x.yaml');
    expect(e.key).toBe('turns[0].expect.reply');
    expect(e.reason).toMatch(/contain/);
  });

  it('refuses a turn with two steps or none', () => {
    expect(errorOf('name: t\nturns:\n  - { customer: a, menu: b }\n').reason).toMatch(/exactly one step/);
    expect(errorOf('name: t\nturns:\n  - { expect: {} }\n').reason).toMatch(/exactly one step/);
  });

  it('reports broken YAML and a missing name clearly', () => {
    expect(errorOf('name: [unclosed\n').reason).toMatch(/^YAML/);
    expect(errorOf('turns:\n  - customer: a\n').key).toBe('name');
  });
});
