import { describe, expect, it } from 'vitest';
import { splitText } from '../../src/outbound/sender.js';

describe('splitText', () => {
  it('keeps a short text whole', () => {
    expect(splitText('您的快递已到达网点', 2048)).toEqual(['您的快递已到达网点']);
  });

  it('cuts at line boundaries so every part fits the byte limit', () => {
    const text = Array.from({ length: 10 }, (_, i) => `第${i}行：包裹已到达上海转运中心`).join('\n');
    const parts = splitText(text, 120);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(120);
    expect(parts.join('\n')).toBe(text);
  });

  it('cuts a single overlong line between characters, never inside one', () => {
    const line = '很'.repeat(1000);
    const parts = splitText(line, 2048);
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(2048);
    expect(parts.join('')).toBe(line);
  });
});
