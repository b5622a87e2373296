// zh-CN names of case types and states for customer replies (check_case_status, joins).
import type { Case } from '../workflows/cases.js';

export const CASE_TYPE_LABELS: Record<string, string> = {
  urge: '催派',
  verification: '网点核实',
  claim: '理赔',
  delivery_change: '派送变更',
  handoff: '人工客服',
};

const STATE_LABELS: Record<string, string> = {
  open: '已提交，等待网点处理',
  in_progress: '网点处理中',
  awaiting_customer: '等待您补充信息',
  awaiting_evidence: '等待您上传照片',
  under_review: '审核中',
  approved: '已通过',
  rejected: '未通过',
  paid: '已赔付',
  escalated: '已升级主管处理',
  resolved: '已处理完成',
  cancelled: '已取消',
  closed: '已结束',
  queued: '排队等待人工',
  human: '人工客服处理中',
};

export const caseStateLabel = (c: Pick<Case, 'status'>) => STATE_LABELS[c.status] ?? c.status;
export const caseTypeLabel = (c: Pick<Case, 'type'>) => CASE_TYPE_LABELS[c.type] ?? c.type;
