// The sandbox's stand-in for WeChat's in-app browser on the 确认收款 page: a script that defines
// `wx` (config/ready/error/checkJsApi) and `WeixinJSBridge.invoke('requestMerchantTransfer')`, and
// the check the real client makes before showing its confirmation sheet: wx.config signed with the
// current jsapi_ticket for the page's own URL, and mchId/appId/package naming a bill that waits for
// this confirmation. Only served in sandbox mode (plugin.ts), never in production.
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const Confirm = z.strictObject({
  mchId: z.string().min(1),
  appId: z.string().min(1),
  package: z.string().min(1),
  url: z.string().url(),
  config: z.strictObject({
    appId: z.string(),
    timestamp: z.number().int(),
    nonceStr: z.string().min(1),
    signature: z.string().regex(/^[0-9a-f]{40}$/),
    jsApiList: z.array(z.string()).optional(),
  }),
});
export type ConfirmRequest = z.infer<typeof Confirm>;

/** JS-SDK 附录1: sha1 over jsapi_ticket, noncestr, timestamp and the URL without its #fragment. */
export function jsSdkSignatureOk(c: ConfirmRequest, ticket: string | undefined): boolean {
  if (!ticket) return false;
  const url = c.url.split('#')[0];
  const expected = createHash('sha1').update(`jsapi_ticket=${ticket}&noncestr=${c.config.nonceStr}&timestamp=${c.config.timestamp}&url=${url}`).digest('hex');
  // An API not named in wx.config's jsApiList is refused by the real client too.
  const listed = c.config.jsApiList?.includes('requestMerchantTransfer') ?? false;
  return expected === c.config.signature && c.config.appId === c.appId && listed;
}

export const JSBRIDGE_SCRIPT = `
(function () {
  var cfg, readyFns = [], errorFns = [], base = document.currentScript.src.replace(/\\/jsbridge\\.js.*$/, '');
  window.wx = {
    config: function (c) { cfg = c; setTimeout(function () { readyFns.forEach(function (f) { f(); }); }, 0); },
    ready: function (f) { readyFns.push(f); },
    error: function (f) { errorFns.push(f); },
    checkJsApi: function (o) { o.success({ checkResult: { requestMerchantTransfer: true }, errMsg: 'checkJsApi:ok' }); }
  };
  window.WeixinJSBridge = {
    invoke: function (name, args, cb) {
      if (name !== 'requestMerchantTransfer') return cb({ err_msg: name + ':fail' });
      fetch(base + '/confirm', { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mchId: args.mchId, appId: args.appId, package: args.package, url: location.href, config: cfg }) })
        .then(function (r) { return r.json(); })
        .then(function (j) { if (!j.ok) errorFns.forEach(function (f) { f(j); }); cb({ err_msg: j.ok ? 'requestMerchantTransfer:ok' : 'requestMerchantTransfer:fail' }); })
        .catch(function () { cb({ err_msg: 'requestMerchantTransfer:fail' }); });
    }
  };
})();`;
