import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig, SANDBOX_DEFAULTS } from '../../src/config/env.js';

const LIVE = { WECHAT_APPID: 'wx1234567890abcdef', WECHAT_SECRET: 's', WECHAT_TOKEN: 'courierbot2024', WECHAT_AES_KEY: 'Courier0Bot0Safe0Mode0Test0Vector0Key012340' };
const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    return (e as ConfigError).problems;
  }
};

describe('WeChat Pay configuration', () => {
  it('runs the sandbox with its own merchant, keys and the emulator', () => {
    const c = loadConfig({});
    expect(c.pay).toMatchObject({ enabled: true, mchId: SANDBOX_DEFAULTS.WECHATPAY_MCHID, appId: SANDBOX_DEFAULTS.WECHAT_APPID, apiBase: 'http://127.0.0.1:3000/sandbox/wechatpay', notifyUrl: 'http://127.0.0.1:3000/wechatpay/notify', transferSceneId: '1000' });
    expect(Object.keys(c.pay.platformKeys).some((k) => k.startsWith('PUB_KEY_ID_'))).toBe(true);
  });

  it('is off in production without WECHATPAY_MCHID', () => {
    expect(loadConfig(LIVE).pay.enabled).toBe(false);
  });

  it('needs every key once WECHATPAY_MCHID is set, and an https notify URL', () => {
    const problems = problemsOf({ ...LIVE, WECHATPAY_MCHID: '1900000109', WECHATPAY_NOTIFY_URL: 'http://example.com/wechatpay/notify' }).join('\n');
    for (const k of ['WECHATPAY_SERIAL', 'WECHATPAY_PRIVATE_KEY', 'WECHATPAY_API_V3_KEY', 'WECHATPAY_PLATFORM_KEYS', 'WECHATPAY_NOTIFY_URL']) expect(problems).toContain(k);
  });

  it('reads a complete production configuration; the appid defaults to the Official Account', () => {
    const c = loadConfig({
      ...LIVE,
      WECHATPAY_MCHID: '1900000109',
      WECHATPAY_SERIAL: '3775B6A45ACD588826D15E583A95F5DD********'.replace(/\*/g, 'A'),
      WECHATPAY_PRIVATE_KEY: '/etc/courier/apiclient_key.pem',
      WECHATPAY_API_V3_KEY: 'A'.repeat(32),
      WECHATPAY_PLATFORM_KEYS: '{"PUB_KEY_ID_0114232134912410000000000000":"/etc/courier/pub_key.pem"}',
      WECHATPAY_NOTIFY_URL: 'https://kefu.example.com/wechatpay/notify',
    });
    expect(c.pay).toMatchObject({ enabled: true, appId: LIVE.WECHAT_APPID, apiBase: 'https://api.mch.weixin.qq.com', platformKeys: { PUB_KEY_ID_0114232134912410000000000000: '/etc/courier/pub_key.pem' } });
    expect(JSON.stringify(describeConfig(c))).not.toContain('A'.repeat(32));
  });

  it('refuses a key map that is not a JSON object and an APIv3 key of the wrong length', () => {
    const problems = problemsOf({ WECHATPAY_PLATFORM_KEYS: '["x"]', WECHATPAY_API_V3_KEY: 'short' }).join('\n');
    expect(problems).toContain('WECHATPAY_PLATFORM_KEYS');
    expect(problems).toContain('WECHATPAY_API_V3_KEY');
  });
});
