import { describe, expect, it } from 'vitest';
import { CONFIRM_LINK_TTL_SECONDS, ConfirmLinks } from '../../src/payments/confirm-link.js';

const KEY = 'a'.repeat(32);
const now = Date.parse('2026-11-11T10:00:00+08:00');

describe('ConfirmLinks', () => {
  const links = new ConfirmLinks(KEY);

  it('gives back the claim id of a token it made, within its lifetime', () => {
    const t = links.token('C-7KQ2MX', now);
    expect(links.verify(t, now + (CONFIRM_LINK_TTL_SECONDS - 1) * 1000)).toEqual({ claimId: 'C-7KQ2MX' });
  });

  it('refuses the same token once it has expired', () => {
    const t = links.token('C-7KQ2MX', now);
    expect(links.verify(t, now + (CONFIRM_LINK_TTL_SECONDS + 1) * 1000)).toEqual({ refused: 'expired' });
  });

  it('refuses a token whose claim or expiry was changed, and one made with another key', () => {
    const [, exp, mac] = links.token('C-7KQ2MX', now).split('.');
    expect(links.verify(`${Buffer.from('C-OTHER1').toString('base64url')}.${exp}.${mac}`, now)).toEqual({ refused: 'forged' });
    expect(links.verify(`${Buffer.from('C-7KQ2MX').toString('base64url')}.${Number(exp) + 86400}.${mac}`, now)).toEqual({ refused: 'forged' });
    expect(new ConfirmLinks('b'.repeat(32)).verify(links.token('C-7KQ2MX', now), now)).toEqual({ refused: 'forged' });
  });

  it('refuses garbage without throwing', () => {
    for (const t of ['', 'x', 'a.b', 'a.b.c.d', '../../etc.1.x', `${'A'.repeat(200)}.1.x`]) expect(links.verify(t, now)).toEqual({ refused: 'malformed' });
  });
});
