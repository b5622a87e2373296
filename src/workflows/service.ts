// CaseWorkflows: the obligations the bot starts. Each request opens or joins the one open case for
// (waybill, type), sends the responsible people a task card in WeCom, schedules the follow-up that
// checks the promise, and returns the promise sentence built from the SLA configuration.
import type { Business, SlaKey } from '../config/business.js';
import type { Directory } from '../config/directory.js';
import type { CourierBackend } from '../courier/backend.js';
import type { Parcel } from '../courier/types.js';
import { lastValidScan, statusLabel } from '../courier/status.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { maskAddress } from '../lib/mask.js';
import { formatWhen } from '../lib/time-zh.js';
import type { TaskCards } from './tasks/index.js';
import { DEFAULT_BUTTONS } from './tasks/index.js';
import type { CaseStore, Case } from './cases.js';
import { assessClaim, yuanOf, type ClaimsPolicy } from './compensation.js';
import type { FollowUps } from './follow-ups.js';
import type { Notifier } from './notify.js';
import { promise, sayW } from './promises.js';
import { describeChange, type CaseOutcome, type ClaimKind, type CustomerRef, type DeliveryChange, type VerificationKind, type Workflows } from './workflows.js';
import type { HandoffPort } from '../handoff/port.js';
import type { CaseEventSink } from '../insights/sink.js';

export interface WorkflowDeps {
  cases: CaseStore;
  courier: CourierBackend;
  directory?: Directory;
  tasks?: TaskCards;
  followUps: FollowUps;
  notifier: Notifier;
  business: Business;
  policy: ClaimsPolicy;
  clock: Clock;
  logger: Logger;
  /** Called after a claim is approved by policy (payments hook in here, as on the review card). */
  onApproved?: (c: Case) => Promise<void>;
  /** Insights: a case opened, answered or missed its promise (insights/sink.ts). */
  insights?: CaseEventSink;
}

const PAYOUT_CHECK_MS = 10 * 60_000;

const VERIFY_LABEL: Record<VerificationKind, string> = { lost: '疑似丢件', signed_not_received: '显示签收未收到', wrong_place: '放错地方', locker_no_consent: '未经同意放快递柜' };
const CLAIM_LABEL: Record<ClaimKind, string> = { lost: '丢件', damaged: '破损', fresh_delay: '生鲜延误' };

export class CaseWorkflows implements Workflows {
  private handoffPort?: HandoffPort;

  constructor(readonly d: WorkflowDeps) {}

  /** Installs the handoff module (runtime-handoff.ts). */
  useHandoff(port: HandoffPort): void {
    this.handoffPort = port;
  }

  /** The installed handoff module: it also answers the handoff cases' due checks (escalation.ts). */
  get handoffs(): HandoffPort | undefined {
    return this.handoffPort;
  }

  async urge(i: { parcel: Parcel; customer: CustomerRef; note?: string; messageKey: string }): Promise<CaseOutcome> {
    const now = this.d.clock.now();
    const due = now + this.d.business.slaMs('urge');
    const { case: c, created } = await this.open('urge', undefined, i.parcel, i.customer, i.messageKey, due, i.note);
    if (!created) return { case: c, created, promise: this.joinedPromise(c, 'urge', 'promise_urge_joined') };
    const staff = await this.staffOf(i.parcel);
    const sent = await this.card(c, 'urge', staff, {
      title: sayW('card_urge_title', { waybill: i.parcel.waybill }),
      description: sayW('card_urge_desc', { due: formatWhen(due, now) }),
      fields: this.parcelFields(i.parcel, now),
      quote: i.note,
    });
    await this.d.followUps.schedule(c.id, 'sla', due);
    if (!sent) return { case: c, created, promise: sayW('promise_no_staff', { due: formatWhen(due, now) }) };
    return { case: c, created, promise: promise(this.d.business, 'urge', 'promise_urge', due, now) };
  }

  async verify(i: { parcel: Parcel; customer: CustomerRef; kind: VerificationKind; note?: string; messageKey: string }): Promise<CaseOutcome> {
    const now = this.d.clock.now();
    const due = now + this.d.business.slaMs('verification');
    const { case: c, created } = await this.open('verification', i.kind, i.parcel, i.customer, i.messageKey, due, i.note);
    if (!created) return { case: c, created, promise: this.joinedPromise(c, 'verification', 'promise_verification_joined') };
    const proof = await this.d.courier.deliveryProof(i.parcel.waybill).catch(() => null);
    const fields = [...this.parcelFields(i.parcel, now), ...(proof ? [{ key: '派件照片', value: `${proof.placedAt}${proof.note ? `（${proof.note}）` : ''}` }] : [])];
    const staff = await this.staffOf(i.parcel);
    const sent = await this.card(c, 'verification', staff, {
      title: sayW('card_verification_title', { waybill: i.parcel.waybill, kind: VERIFY_LABEL[i.kind] }),
      description: sayW('card_verification_desc', { due: formatWhen(due, now) }),
      fields: fields.slice(0, 6),
      quote: i.note,
    });
    await this.d.followUps.schedule(c.id, 'sla', due);
    if (!sent) return { case: c, created, promise: sayW('promise_no_staff', { due: formatWhen(due, now) }) };
    return { case: c, created, promise: promise(this.d.business, 'verification', 'promise_verification', due, now) };
  }

  async claim(i: { parcel: Parcel; customer: CustomerRef; kind: ClaimKind; description?: string; messageKey: string }): Promise<CaseOutcome & { needsPhotos: boolean }> {
    const now = this.d.clock.now();
    const key: SlaKey = i.kind === 'fresh_delay' ? 'fresh_delay' : 'claim_decision';
    const due = now + this.d.business.slaMs(key);
    const assessment = assessClaim(this.d.policy, i.parcel, i.kind, now);
    const status = i.kind === 'damaged' ? 'awaiting_evidence' : 'under_review';
    const { case: c, created } = await this.d.cases.openOrJoin({
      type: 'claim',
      kind: i.kind,
      waybill: i.parcel.waybill,
      customer: i.customer,
      priority: i.kind === 'fresh_delay' ? 'high' : 'normal',
      stationId: i.parcel.stationId,
      slaDueAt: due,
      status,
      data: { amountFen: assessment.amountFen, decision: assessment.decision, basis: assessment.basis },
      actor: 'bot',
      note: i.description,
      ref: i.messageKey,
    });
    if (created) await this.d.insights?.caseEvent('opened', c);
    const needsPhotos = c.status === 'awaiting_evidence' && !c.evidence.some((e) => e.kind === 'photo');
    // A claim still waiting for photos promises nothing timed yet: its decision clock (and the
    // follow-up that checks it) starts with the evidence.
    if (!created && needsPhotos) return { case: c, created, needsPhotos, promise: sayW('promise_claim_evidence', { sla: this.d.business.slaText(key) }) };
    if (!created) return { case: c, created, needsPhotos, promise: this.joinedPromise(c, key, 'promise_claim') };
    if (needsPhotos) return { case: c, created, needsPhotos, promise: sayW('promise_claim_evidence', { sla: this.d.business.slaText(key) }) };
    await this.review(c);
    return { case: c, created, needsPhotos, promise: promise(this.d.business, key, i.kind === 'fresh_delay' ? 'promise_fresh' : 'promise_claim', due, now) };
  }

  async changeDelivery(i: { parcel: Parcel; customer: CustomerRef; change: DeliveryChange; messageKey: string }): Promise<CaseOutcome> {
    const now = this.d.clock.now();
    const due = now + this.d.business.slaMs('delivery_change');
    const change = describeChange(i.change);
    const { case: c, created } = await this.open('delivery_change', undefined, i.parcel, i.customer, i.messageKey, due, change, { change: i.change });
    if (created) {
      const staff = await this.staffOf(i.parcel);
      await this.card(c, 'delivery_change', staff, {
        title: sayW('card_change_title', { waybill: i.parcel.waybill }),
        description: sayW('card_change_desc', { change, due: formatWhen(due, now) }),
        // The delivering station calls the new number, so its card carries it in full.
        fields: [...this.parcelFields(i.parcel, now), ...(i.change.phone ? [{ key: '新收件电话', value: i.change.phone }] : [])],
        buttons: [
          { key: 'accepted', text: '已安排', style: 1 },
          { key: 'cannot', text: '无法修改', style: 2 },
        ],
      });
      await this.d.followUps.schedule(c.id, 'sla', due);
    }
    return { case: c, created, promise: promise(this.d.business, 'delivery_change', 'promise_change', c.slaDueAt ?? due, now) };
  }

  /** A person for this conversation: the context card, the queue, accept, relay and return to the
   * bot are the handoff's (handoff/request.ts), installed with useHandoff() by the runtime. */
  async handoff(i: { conversationId: string; customer: CustomerRef; reason: string; waybill?: string; messageKey: string }): Promise<CaseOutcome> {
    if (!this.handoffPort) throw new Error('no handoff installed: call useHandoff() (runtime-handoff.ts)');
    return this.handoffPort.request(i);
  }

  async attachPhoto(caseId: string, photo: { mediaId: string; by: string }): Promise<{ case: Case; next: string }> {
    let c = await this.d.cases.addEvidence(caseId, { kind: 'photo', mediaId: photo.mediaId, by: photo.by });
    if (c.type === 'claim' && c.status === 'awaiting_evidence') {
      c = await this.d.cases.transition(c.id, 'under_review', 'bot', '客户已上传照片');
      // The decision promise (“24 小时内”) is stated now, so its clock starts now.
      c = await this.d.cases.update(c.id, { slaDueAt: this.d.clock.now() + this.d.business.slaMs('claim_decision') }, 'bot');
      const approved = await this.review(c, photo.by);
      const next = approved
        ? sayW('claim_result_approved', { case: c.id, amount: yuanOf(Number(c.data.amountFen ?? 0)) })
        : sayW('promise_claim_evidence', { sla: this.d.business.slaText('claim_decision') });
      return { case: (await this.d.cases.get(c.id)) ?? c, next };
    }
    return { case: c, next: '' };
  }

  /**
   * The customer answers a station's 需要补充信息: their words go to the case and to the station,
   * the verification re-opens with a fresh promise, and a follow-up checks it. null when no case
   * of theirs is waiting for information.
   */
  async customerReplied(customer: { channel: string; id: string }, text: string, messageKey: string): Promise<{ case: Case; reply: string } | null> {
    const waiting = (await this.d.cases.find({ customer, type: 'verification', status: 'awaiting_customer' }))[0];
    if (!waiting) return null;
    const now = this.d.clock.now();
    const due = now + this.d.business.slaMs('verification');
    const by = `${customer.channel}:${customer.id}`;
    await this.d.cases.addEvidence(waiting.id, { kind: 'note', text: text.slice(0, 500), by });
    await this.d.cases.transition(waiting.id, 'in_progress', by, '客户已补充信息，重新核实');
    const c = await this.d.cases.update(waiting.id, { slaDueAt: due }, 'bot', `重新核实，时限 ${formatWhen(due, now)}`);
    const parcel = await this.d.courier.parcel(c.waybill);
    const staff = parcel ? await this.staffOf(parcel) : [];
    // The first card was answered (need_info): a new card carries the customer's answer.
    await this.card(c, 'verification', staff, {
      title: sayW('card_verification_title', { waybill: c.waybill, kind: '客户已补充信息' }),
      description: sayW('staff_customer_info', { case: c.id, waybill: c.waybill, text: text.slice(0, 200), due: formatWhen(due, now) }),
      fields: parcel ? this.parcelFields(parcel, now) : [{ key: '运单', value: c.waybill }],
      quote: text,
      round: `info-${messageKey}`,
    });
    await this.d.followUps.schedule(c.id, `info-${messageKey}`, due);
    return { case: c, reply: sayW('customer_info_forwarded', { case: c.id, promise: promise(this.d.business, 'verification', 'promise_verification_joined', due, now) }) };
  }

  async casesOf(customer: { channel: string; id: string }, waybill?: string): Promise<Case[]> {
    return this.d.cases.find({ customer, ...(waybill ? { waybill } : {}) });
  }

  /** A claim under review: auto-approved by policy under the threshold (true), else a review card.
   * `toldBy` is the customer who hears the decision in their own turn's reply. */
  private async review(c: Case, toldBy?: string): Promise<boolean> {
    const amountFen = Number(c.data.amountFen ?? 0);
    const parcel = await this.d.courier.parcel(c.waybill);
    const kind = (c.kind ?? 'lost') as ClaimKind;
    if (c.data.decision === 'auto_approve' && kind !== 'fresh_delay') {
      // Scheduled before the approval: if the process dies between approving and queuing the
      // payout, this check queues it (the payout job id comes from the claim, so never twice).
      await this.d.followUps.schedule(c.id, 'payout', this.d.clock.now() + PAYOUT_CHECK_MS);
      const approved = await this.d.cases.transition(c.id, 'approved', 'policy', `按理赔政策自动通过：${String(c.data.basis ?? '')}`);
      await this.d.notifier.customers(c, 'approved', sayW('claim_result_approved', { case: c.id, amount: yuanOf(amountFen) }), toldBy);
      await this.d.onApproved?.(approved);
      return true;
    }
    const now = this.d.clock.now();
    await this.card(c, 'claim_review', this.d.directory?.supervisorsOnDuty() ?? [], {
      title: sayW(kind === 'fresh_delay' ? 'card_fresh_title' : 'card_claim_title', { case: c.id, kind: CLAIM_LABEL[kind] }),
      description: sayW(kind === 'fresh_delay' ? 'card_fresh_desc' : 'card_claim_desc', { amount: yuanOf(amountFen), due: formatWhen(c.slaDueAt ?? now, now) }),
      fields: [...(parcel ? this.parcelFields(parcel, now) : []), { key: '计算依据', value: String(c.data.basis ?? '—') }].slice(0, 6),
    });
    await this.d.followUps.schedule(c.id, 'sla', c.slaDueAt ?? now);
    return false;
  }

  private async open(type: 'urge' | 'verification' | 'delivery_change', kind: string | undefined, parcel: Parcel, customer: CustomerRef, ref: string, due: number, note?: string, data?: Record<string, unknown>) {
    const opened = await this.d.cases.openOrJoin({ type, kind, waybill: parcel.waybill, customer, stationId: parcel.stationId, assignee: parcel.stationId, slaDueAt: due, actor: 'bot', note, ref, data });
    if (opened.created) await this.d.insights?.caseEvent('opened', opened.case);
    return opened;
  }

  private joinedPromise(c: Case, key: SlaKey, template: string): string {
    const now = this.d.clock.now();
    return promise(this.d.business, key, template, c.slaDueAt ?? now, now);
  }

  async staffOf(parcel: Parcel): Promise<string[]> {
    if (!parcel.stationId) return [];
    const fromDirectory = this.d.directory?.staffOf(parcel.stationId) ?? [];
    if (fromDirectory.length) return fromDirectory;
    return (await this.d.courier.station(parcel.stationId))?.staff ?? [];
  }

  /** Sends the task card; false when nobody could receive it (then supervisors are told at once). */
  private async card(c: Case, owner: 'urge' | 'verification' | 'delivery_change' | 'claim_review' | 'handoff', to: string[], card: { title: string; description: string; fields: { key: string; value: string }[]; quote?: string; buttons?: { key: string; text: string; style?: 1 | 2 | 3 | 4 }[]; round?: string }): Promise<boolean> {
    if (!this.d.tasks || !to.length) {
      this.d.logger.warn({ case: c.id, owner }, 'no WeCom recipients for the task; escalating to supervisors');
      await this.d.notifier.staff(this.d.directory?.supervisorsOnDuty() ?? [], `${card.title}：没有可接收任务的网点人员，请主管处理。`);
      return false;
    }
    const buttons = card.buttons ?? [...(DEFAULT_BUTTONS[owner as keyof typeof DEFAULT_BUTTONS] ?? [])];
    const task = await this.d.tasks.create({
      owner,
      ownerRef: c.id,
      to,
      title: card.title,
      description: card.description,
      fields: card.fields.filter((f) => f.value.trim()).slice(0, 6),
      buttons,
      quote: card.quote ? { title: '客户原话', text: card.quote.slice(0, 300) } : undefined,
      idempotencyKey: `${c.id}:${owner}${card.round ? `:${card.round}` : ''}`,
    });
    await this.d.cases.update(c.id, { data: { ...c.data, taskId: task.id, taskCode: task.code } }, 'bot', `任务 #${task.code} 已发送给 ${to.length} 人`);
    return true;
  }

  parcelFields(p: Parcel, now: number): { key: string; value: string }[] {
    const scan = lastValidScan(p, now);
    return [
      { key: '运单', value: p.waybill },
      { key: '最新扫描', value: scan ? `${formatWhen(scan.at, now)} ${scan.site} ${statusLabel(scan.status)}` : '暂无' },
      { key: '收件地址', value: p.receiver.address ? maskAddress(p.receiver.address) : p.receiver.city },
      ...(p.receiver.community ? [{ key: '小区', value: p.receiver.community }] : []),
    ];
  }
}

