// The markup of the 确认收款 page: what the customer sees in WeChat's browser. Only the claim, the
// amount and the state; never a phone, an address or an openid. The script follows the JSAPI
// example of 商家转账 (pay-doc "JSAPI调起用户确认收款"): wx.config → wx.ready → checkJsApi →
// WeixinJSBridge.invoke('requestMerchantTransfer', {mchId, appId, package}).

export interface ConfirmView {
  claimId: string;
  amount: string;
  /** Present only while the bill waits for this confirmation. */
  bridge?: { appId: string; mchId: string; package: string; timestamp: number; nonceStr: string; signature: string };
  /** The JS-SDK script: res.wx.qq.com in production, the sandbox bridge otherwise. */
  sdkUrl?: string;
  /** Shown instead of the button. */
  notice?: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside <script>: `<` escaped so no value can close the tag. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

const SCRIPT = `
(function () {
  var cfg = JSON.parse(document.getElementById('cfg').textContent);
  var btn = document.getElementById('confirm');
  var say = function (t) { document.getElementById('msg').textContent = t; };
  wx.config({ appId: cfg.appId, timestamp: cfg.timestamp, nonceStr: cfg.nonceStr, signature: cfg.signature, jsApiList: ['requestMerchantTransfer'] });
  wx.error(function () { say('页面初始化没有成功，请稍后重新打开链接，或回复“人工”。'); });
  wx.ready(function () { btn.disabled = false; });
  btn.addEventListener('click', function () {
    wx.checkJsApi({ jsApiList: ['requestMerchantTransfer'], success: function (res) {
      if (!res.checkResult || !res.checkResult.requestMerchantTransfer) { say('您的微信版本过低，请更新到最新版本后再打开。'); return; }
      btn.disabled = true;
      WeixinJSBridge.invoke('requestMerchantTransfer', { mchId: cfg.mchId, appId: cfg.appId, package: cfg.package }, function (r) {
        if (r.err_msg === 'requestMerchantTransfer:ok') say('已提交确认。到账后我们会在公众号里告诉您。');
        else { btn.disabled = false; say('还没有完成确认，可以再点一次。'); }
      });
    } });
  });
})();`;

export function confirmHtml(v: ConfirmView): string {
  const body = v.bridge
    ? `<button id="confirm" disabled>确认收款</button><p id="msg"></p>
<script id="cfg" type="application/json">${scriptJson(v.bridge)}</script>
<script src="${esc(v.sdkUrl ?? '')}"></script>
<script>${SCRIPT}</script>`
    : `<p id="msg">${esc(v.notice ?? '')}</p>`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>理赔款确认收款</title>
<style>body{font-family:-apple-system,"PingFang SC",sans-serif;margin:0;padding:24px;color:#222}h1{font-size:18px}
.amount{font-size:32px;font-weight:600;margin:16px 0}button{width:100%;padding:12px;font-size:17px;border:0;border-radius:6px;background:#07c160;color:#fff}
button:disabled{background:#9ed8b6}#msg{color:#555;margin-top:16px}</style></head>
<body><h1>理赔单 ${esc(v.claimId)}</h1><div class="amount">¥${esc(v.amount)}</div>
${body}
</body></html>`;
}

/** A page that only says something (expired link, unknown claim). */
export function noticeHtml(title: string, text: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title></head>
<body style="font-family:sans-serif;padding:24px"><h1 style="font-size:18px">${esc(title)}</h1><p>${esc(text)}</p></body></html>`;
}
