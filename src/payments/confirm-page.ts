// GET /pay/confirm/:token — the 确认收款 page for a payout in WAIT_USER_CONFIRM (PROTOCOL.md §7.1).
// The customer opens the link from our 客服消息 inside WeChat; the page signs wx.config with the
// OA's jsapi_ticket for its own URL (JS-SDK 附录1) and hands the bill's package_info to
// requestMerchantTransfer. Refusals are pages, not stack traces: a forged or malformed token is a
// 403, an expired one a 410, an unknown claim a 404 — each logged with its reason.
import { randomBytes } from 'node:crypto';
import { getJsApiSignature } from '@wecom/crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { yuanOf } from '../workflows/compensation.js';
import { confirmHtml, noticeHtml } from './confirm-html.js';
import type { ConfirmLinks } from './confirm-link.js';
import type { Payout } from './states.js';
import type { PayoutStore } from './store.js';

export const CONFIRM_PATH = '/pay/confirm';
/** The official JS-SDK (网页开发 JS-SDK 步骤二). */
export const JSSDK_URL = 'https://res.wx.qq.com/open/js/jweixin-1.6.0.js';

export interface ConfirmPageOptions {
  links: ConfirmLinks;
  store: PayoutStore;
  appId: string;
  mchId: string;
  /** The OA's jsapi_ticket (OaApi.jsapiTicket). */
  jsapiTicket: () => Promise<string>;
  /** PUBLIC_BASE_URL: the page signs the URL the customer's browser shows. */
  publicBase: () => string;
  /** JSSDK_URL in production; the sandbox's bridge script otherwise. */
  sdkUrl: string;
  clock: Clock;
  logger: Logger;
}

const INVALID = [403, '链接无效', '这个链接不完整或已损坏，请回到公众号，回复“理赔进度”获取新的链接。'] as const;
/** Forged and malformed look alike to the customer (and must: no hint which part was wrong). */
const REFUSED = {
  malformed: INVALID,
  forged: INVALID,
  expired: [410, '链接已过期', '确认收款链接已过期，请回到公众号，回复“理赔进度”获取新的链接。'],
} as const;

/** What the page says in a state other than WAIT_USER_CONFIRM. */
function noticeFor(p: Payout): string {
  if (p.state === 'SUCCESS') return '这笔理赔款已经到账，请在微信“零钱”中查看。';
  if (p.state === 'FAIL' || p.state === 'CANCELLED' || p.state === 'HELD') return '这笔转账没有完成，值班主管会联系您重新安排。';
  return '转账正在处理中，到账后我们会在公众号里告诉您。';
}

export const confirmPagePlugin: FastifyPluginAsync<ConfirmPageOptions> = async function confirmPage(app, o) {
  app.get<{ Params: { token: string } }>(`${CONFIRM_PATH}/:token`, async (req, reply) => {
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    const checked = o.links.verify(req.params.token, o.clock.now());
    if ('refused' in checked) {
      const [status, title, text] = REFUSED[checked.refused];
      o.logger.warn({ reason: checked.refused, code: 'CONFIRM_LINK_REFUSED' }, 'confirm page: link refused');
      return reply.code(status).send(noticeHtml(title, text));
    }
    const p = await o.store.get(checked.claimId);
    if (!p) {
      o.logger.warn({ claim: checked.claimId, code: 'CONFIRM_NO_PAYOUT' }, 'confirm page: no payout for the claim');
      return reply.code(404).send(noticeHtml('没有找到这笔理赔款', '请回到公众号，回复“理赔进度”查看理赔单的状态。'));
    }
    const view = { claimId: p.claimId, amount: yuanOf(p.amountFen) };
    if (p.state !== 'WAIT_USER_CONFIRM' || !p.packageInfo) return reply.send(confirmHtml({ ...view, notice: noticeFor(p) }));
    let ticket: string;
    try {
      ticket = await o.jsapiTicket();
    } catch (err) {
      o.logger.warn({ err: (err as Error).message, claim: p.claimId, code: 'CONFIRM_TICKET_UNAVAILABLE' }, 'confirm page: no jsapi_ticket');
      return reply.code(503).send(noticeHtml('系统繁忙', '页面暂时打不开，请过几分钟再点一次链接。'));
    }
    const sig = getJsApiSignature({
      url: `${o.publicBase()}${req.url}`,
      ticket,
      nonceStr: randomBytes(12).toString('base64url'),
      timestamp: Math.floor(o.clock.now() / 1000),
    });
    const bridge = { appId: o.appId, mchId: o.mchId, package: p.packageInfo, timestamp: Number(sig.timestamp), nonceStr: sig.nonceStr, signature: sig.signature };
    return reply.send(confirmHtml({ ...view, bridge, sdkUrl: o.sdkUrl }));
  });
};
