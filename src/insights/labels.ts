// zh-CN names operations read in alerts, reports and on the dashboard, and the mapping from what
// the bot understood (intent) or started (case type and kind) to a complaint category.
import type { Category, Outcome, SeriesDimension } from './types.js';

export const CATEGORY_LABEL: Record<Category, string> = {
  track: '查件',
  urge: '催件',
  lost: '丢件',
  damaged: '破损',
  fresh_delay: '生鲜延误',
  signed_not_received: '显示签收未收到',
  delivery_photo: '要派件照片',
  customs: '清关咨询',
  locker_notice: '放丰巢没通知',
  change_delivery: '改派送',
  claim_status: '理赔进度',
  human: '要求转人工',
  other: '其他',
};

export const DIMENSION_LABEL: Record<SeriesDimension, string> = {
  community: '小区',
  district: '区',
  station: '网点',
  route: '线路',
  product: '产品',
  courier: '快递员',
  all: '全部',
};

export const OUTCOME_LABEL: Record<Outcome, string> = {
  answered: '机器人答复',
  workflow: '已启动流程',
  handoff: '转人工',
  failed: '未能答复',
  kept: '按时兑现',
  late: '超时后完成',
  missed: '承诺超时',
};

const INTENT_CATEGORY: Readonly<Record<string, Category>> = {
  track: 'track',
  urge: 'urge',
  lost: 'lost',
  damaged: 'damaged',
  fresh_delay: 'fresh_delay',
  signed_not_received: 'signed_not_received',
  delivery_photo: 'delivery_photo',
  customs: 'customs',
  locker_notice: 'locker_notice',
  change_delivery: 'change_delivery',
  claim_status: 'claim_status',
  human: 'human',
};

/** The NLU intent (agent/nlu/types.ts) of a turn; greetings, binding and the rest are `other`. */
export const categoryOfIntent = (intent: string | undefined): Category => (intent ? INTENT_CATEGORY[intent] : undefined) ?? 'other';

const VERIFICATION_CATEGORY: Readonly<Record<string, Category>> = {
  locker_no_consent: 'locker_notice',
  lost: 'lost',
  signed_not_received: 'signed_not_received',
  wrong_place: 'signed_not_received',
  damaged: 'damaged',
};

/** The category a case stands for (workflows/case-types.ts). */
export function categoryOfCase(type: string, kind?: string): Category {
  switch (type) {
    case 'urge':
      return 'urge';
    case 'verification':
      return (kind && VERIFICATION_CATEGORY[kind]) || 'other';
    case 'claim':
      return kind === 'fresh_delay' || kind === 'damaged' || kind === 'lost' ? kind : 'other';
    case 'delivery_change':
      return 'change_delivery';
    case 'handoff':
      return 'human';
    default:
      return 'other';
  }
}
