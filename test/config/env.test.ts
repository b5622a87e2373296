import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig, SANDBOX_DEFAULTS } from '../../src/config/env.js';

describe('loadConfig', () => {
  it('runs the sandbox with embedded credentials when no platform credentials are given', () => {
    const c = loadConfig({});
    expect(c.sandbox).toBe(true);
    expect(c.port).toBe(3000);
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(c.wechat.appId).toBe(SANDBOX_DEFAULTS.WECHAT_APPID);
    expect(c.wechat.apiBase).toBe('http://127.0.0.1:3000/sandbox/oa');
    expect(c.llm.provider).toBe('rules');
    expect(c.courier.backend).toBe('sandbox');
  });

  it('points the clients at the real hosts once credentials are configured', () => {
    const c = loadConfig({
      WECHAT_APPID: 'wx1234567890abcdef',
      WECHAT_SECRET: 's',
      WECHAT_TOKEN: 'courierbot2024',
      WECHAT_AES_KEY: 'Courier0Bot0Safe0Mode0Test0Vector0Key012340',
    });
    expect(c.sandbox).toBe(false);
    expect(c.wechat.apiBase).toBe('https://api.weixin.qq.com');
  });

  it('lists every invalid or missing value in one error', () => {
    try {
      loadConfig({ PORT: 'eighty', SANDBOX: '0', LLM_PROVIDER: 'openai', WECHAT_AES_KEY: 'short' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const key of ['PORT', 'WECHAT_AES_KEY']) expect(problems).toContain(key);
      expect((err as ConfigError).code).toBe('CONFIG_INVALID');
    }
  });

  it('reports the cross-field requirements together', () => {
    const err = (() => {
      try {
        loadConfig({ SANDBOX: '0', LLM_PROVIDER: 'openai', COURIER_BACKEND: 'http' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    const problems = err!.problems.join('\n');
    for (const key of ['WECHAT_APPID', 'WECHAT_SECRET', 'WECHAT_TOKEN', 'WECHAT_AES_KEY', 'LLM_BASE_URL', 'LLM_MODEL', 'COURIER_API_URL']) {
      expect(problems).toContain(key);
    }
  });

  it('never puts a secret into the loggable summary', () => {
    const c = loadConfig({ REDIS_URL: 'redis://user:hunter2@10.0.0.1:6379', ADMIN_TOKEN: 'admin-token-0123456789' });
    const text = JSON.stringify(describeConfig(c));
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(SANDBOX_DEFAULTS.WECHAT_SECRET);
    expect(text).not.toContain(SANDBOX_DEFAULTS.WECHAT_AES_KEY);
    expect(text).not.toContain('admin-token');
  });
});
