// The compensation calculator: code and a policy file decide amounts, never the model (DESIGN.md
// "Money and obligations"). Amounts are integers in fen internally and shown in yuan.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Parcel } from '../courier/types.js';
import type { ClaimKind } from './workflows.js';

const Policy = z.object({
  claimWindowDays: z.number().int().positive(),
  autoApproveMax: z.number().nonnegative(),
  uninsuredCap: z.number().positive(),
  insuredCap: z.number().positive(),
  damagedShare: z.number().min(0).max(1),
  freshDelayShare: z.number().min(0).max(1),
  /** Used when the parcel has no declared value. */
  defaultDeclaredValue: z.number().positive(),
});
export type ClaimsPolicy = z.infer<typeof Policy>;

export function loadClaimsPolicy(path = 'config/claims-policy.json'): ClaimsPolicy {
  const parsed = Policy.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
}

export interface Assessment {
  /** Amount in fen (integer). */
  amountFen: number;
  decision: 'auto_approve' | 'review' | 'out_of_window';
  basis: string;
}

export function assessClaim(policy: ClaimsPolicy, parcel: Parcel, kind: ClaimKind, now: number): Assessment {
  const collected = parcel.events[0]?.at ?? now;
  if (now - collected > policy.claimWindowDays * 86_400_000) {
    return { amountFen: 0, decision: 'out_of_window', basis: `超过 ${policy.claimWindowDays} 天理赔时效` };
  }
  const declared = parcel.declaredValue ?? policy.defaultDeclaredValue;
  const cap = parcel.insured ? policy.insuredCap : Math.min(policy.uninsuredCap, declared);
  const share = kind === 'damaged' ? policy.damagedShare : kind === 'fresh_delay' ? policy.freshDelayShare : 1;
  const yuan = Math.min(declared * share, cap);
  const amountFen = Math.round(yuan * 100);
  const basis = `${parcel.insured ? '保价' : '未保价'}，申报价值 ${declared} 元，赔付比例 ${Math.round(share * 100)}%，上限 ${cap} 元`;
  return { amountFen, decision: amountFen <= policy.autoApproveMax * 100 ? 'auto_approve' : 'review', basis };
}

export const yuanOf = (fen: number) => (fen / 100).toFixed(2).replace(/\.00$/, '');
