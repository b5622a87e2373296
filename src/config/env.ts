// The only reader of process.env. Every value is validated with zod at startup; all problems are
// reported together in one ConfigError so an operator fixes them in one go. Secrets never reach
// a log line: `describeConfig()` prints a redacted view.
import { z } from 'zod';

/** Fixed sandbox credentials: the emulator and the webhook share them; they open nothing real. */
export const SANDBOX_DEFAULTS = {
  WECHAT_APPID: 'wx5a4db0c0ffee0001',
  WECHAT_SECRET: 'sandbox-wechat-secret',
  WECHAT_TOKEN: 'sandboxtoken',
  // 43 chars of [A-Za-z0-9] as the admin console issues them (PROTOCOL.md §1).
  WECHAT_AES_KEY: 'SandboxCourierKefuAesKey0123456789abcdefABC',
  WECHAT_ACCOUNT_ID: 'gh_sandbox00001',
  WECOM_CORPID: 'ww5a4db0c0ffee0001',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'sandbox-wecom-secret',
  WECOM_TOKEN: 'sandboxwecomtoken',
  WECOM_AES_KEY: 'SandboxWeComCourierKefuKey0123456789abcdefA',
  // 微信客服 (PROTOCOL.md §5): its own secret, hence its own access_token (§4.1); callbacks use WECOM_TOKEN/AES_KEY.
  WECOM_KF_SECRET: 'sandbox-wecom-kf-secret',
  WECOM_KF_OPEN_KFID: 'wkSandboxKf0000000001',
  // WeChat Pay (PROTOCOL.md §7): fake merchant, keys generated for the sandbox (config/sandbox/README.md).
  WECHATPAY_MCHID: '1900009999',
  WECHATPAY_SERIAL: '5A4DB0C0FFEE0000000000000000000000000001',
  WECHATPAY_PRIVATE_KEY: 'config/sandbox/wechatpay-merchant-key.pem',
  WECHATPAY_API_V3_KEY: 'SandboxCourierKefuApiV3Key012345',
  // One platform key under both names WeChat Pay uses (a 微信支付公钥ID and a platform-certificate serial).
  WECHATPAY_PLATFORM_KEYS: JSON.stringify({
    PUB_KEY_ID_0119000099992025000000000000000001: 'config/sandbox/wechatpay-platform-pub.pem',
    '5A4DB0C0FFEE00000000000000000000000000FF': 'config/sandbox/wechatpay-platform-pub.pem',
  }),
} as const;

const aesKey = z
  .string()
  .regex(/^[A-Za-z0-9]{43}$/, 'must be the 43-character EncodingAESKey from the admin console');

/** WECHATPAY_PLATFORM_KEYS: a JSON object `{ "<serial or PUB_KEY_ID_…>": "<PEM or path>" }`. */
const keyMap = z.string().transform((raw, ctx) => {
  try {
    const v = z.record(z.string().min(1), z.string().min(1)).safeParse(JSON.parse(raw));
    if (v.success && Object.keys(v.data).length) return v.data;
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: 'must be a JSON object mapping a serial or PUB_KEY_ID_… to a PEM or a file path' });
  return z.NEVER;
});

const bool01 = z
  .enum(['0', '1', 'true', 'false'])
  .transform((v) => v === '1' || v === 'true');

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    ROLE: z.enum(['web', 'worker', 'all']).default('all'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
    /** Key prefix for everything this deployment writes; the braces are a Redis Cluster hash tag. */
    REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:{}_-]+$/).default('{ck}'),
    SANDBOX: bool01.optional(),
    /** Public base URL the sandbox uses to reach this service's own API paths. */
    SANDBOX_BASE_URL: z.string().url().optional(),
    /** Where customers' phones reach this service (https://kefu.example.com): links in messages, e.g. 确认收款. */
    PUBLIC_BASE_URL: z.string().url().optional(),
    WECHAT_APPID: z.string().regex(/^wx[0-9a-f]{16}$/, 'must look like wx + 16 hex digits').optional(),
    WECHAT_SECRET: z.string().min(1).optional(),
    WECHAT_TOKEN: z.string().regex(/^[A-Za-z0-9]{3,32}$/, 'must be 3–32 letters or digits').optional(),
    WECHAT_AES_KEY: aesKey.optional(),
    WECHAT_ACCOUNT_ID: z.string().optional(),
    WECHAT_API_BASE: z.string().url().optional(),
    WECHAT_TEMPLATE_ID: z.string().default('courier_service_notice'),
    WECOM_CORPID: z.string().optional(),
    WECOM_AGENT_ID: z.string().regex(/^\d+$/).optional(),
    WECOM_SECRET: z.string().optional(),
    WECOM_TOKEN: z.string().optional(),
    WECOM_AES_KEY: aesKey.optional(),
    WECOM_API_BASE: z.string().url().optional(),
    /** Stations, staff, supervisors and the operations robot (config/directory.example.json). */
    WECOM_DIRECTORY: z.string().min(1).default('config/directory.json'),
    WECOM_KF_SECRET: z.string().optional(),
    /** The default 微信客服 account (`wk…`) for a customer whose account is not known yet. */
    WECOM_KF_OPEN_KFID: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
    WECOM_KF_API_BASE: z.string().url().optional(),
    /** WeChat Pay merchant (PROTOCOL.md §7.1): payouts of approved claims by 商家转账. */
    WECHATPAY_MCHID: z.string().regex(/^\d{8,12}$/, 'must be the merchant number (digits)').optional(),
    /** The appid the customers' openids belong to; defaults to WECHAT_APPID (the Official Account). */
    WECHATPAY_APPID: z.string().regex(/^wx[0-9a-f]{16}$/, 'must look like wx + 16 hex digits').optional(),
    /** Serial number of the merchant API certificate (serial_no of the Authorization header). */
    WECHATPAY_SERIAL: z.string().regex(/^[0-9A-Fa-f]{8,64}$/, 'must be the certificate serial (hex)').optional(),
    /** apiclient_key.pem: the PEM itself or a file path. */
    WECHATPAY_PRIVATE_KEY: z.string().min(1).optional(),
    WECHATPAY_API_V3_KEY: z.string().regex(/^[\x21-\x7e]{32}$/, 'must be the 32-character APIv3 key').optional(),
    WECHATPAY_PLATFORM_KEYS: keyMap.optional(),
    WECHATPAY_API_BASE: z.string().url().optional(),
    WECHATPAY_NOTIFY_URL: z.string().url().optional(),
    /** 转账场景ID from the merchant platform; 1000 = 现金营销 (its report infos: 活动名称, 奖励说明). */
    WECHATPAY_TRANSFER_SCENE_ID: z.string().regex(/^\d{4,16}$/).default('1000'),
    LLM_PROVIDER: z.enum(['rules', 'openai']).default('rules'),
    LLM_BASE_URL: z.string().url().optional(),
    LLM_API_KEY: z.string().optional(),
    LLM_MODEL: z.string().optional(),
    LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(8000),
    COURIER_BACKEND: z.enum(['sandbox', 'http']).default('sandbox'),
    COURIER_API_URL: z.string().url().optional(),
    COURIER_WORLD: z.string().default('scenarios/worlds/demo.yaml'),
    ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /** How long a dedupe key lives: longer than WeChat's whole retry sequence (3 × 5 s). */
    DEDUPE_TTL_SECONDS: z.coerce.number().int().positive().default(86_400),
    /** Allowed clock skew for callback timestamps (replay window). */
    SIGNATURE_WINDOW_SECONDS: z.coerce.number().int().positive().default(300),
    CALLBACK_BODY_LIMIT: z.coerce.number().int().positive().default(64 * 1024),
    RESPOND_CONCURRENCY: z.coerce.number().int().positive().default(32),
    SEND_CONCURRENCY: z.coerce.number().int().positive().default(16),
    /** BullMQ job lock and stalled-check interval: how soon a killed worker's jobs are retried. */
    WORKER_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  })
  .superRefine((env, ctx) => {
    const sandbox = env.SANDBOX ?? !(env.WECHAT_APPID && env.WECHAT_SECRET);
    if (!sandbox) {
      for (const k of ['WECHAT_APPID', 'WECHAT_SECRET', 'WECHAT_TOKEN', 'WECHAT_AES_KEY'] as const) {
        if (!env[k]) ctx.addIssue({ code: 'custom', path: [k], message: 'is required when SANDBOX=0' });
      }
    }
    if (!sandbox && env.WECHATPAY_MCHID) {
      for (const k of ['WECHATPAY_SERIAL', 'WECHATPAY_PRIVATE_KEY', 'WECHATPAY_API_V3_KEY', 'WECHATPAY_PLATFORM_KEYS', 'WECHATPAY_NOTIFY_URL'] as const) {
        if (!env[k]) ctx.addIssue({ code: 'custom', path: [k], message: 'is required when WECHATPAY_MCHID is set' });
      }
      if (env.WECHATPAY_NOTIFY_URL && !/^https:\/\/[^?#]+$/.test(env.WECHATPAY_NOTIFY_URL)) {
        ctx.addIssue({ code: 'custom', path: ['WECHATPAY_NOTIFY_URL'], message: 'must be an https URL without query (PROTOCOL.md §7.1)' });
      }
    }
    if (env.LLM_PROVIDER === 'openai') {
      for (const k of ['LLM_BASE_URL', 'LLM_MODEL'] as const) {
        if (!env[k]) ctx.addIssue({ code: 'custom', path: [k], message: 'is required when LLM_PROVIDER=openai' });
      }
    }
    if (env.COURIER_BACKEND === 'http' && !env.COURIER_API_URL) {
      ctx.addIssue({ code: 'custom', path: ['COURIER_API_URL'], message: 'is required when COURIER_BACKEND=http' });
    }
    if (env.NODE_ENV === 'production' && !env.ADMIN_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_TOKEN'], message: 'is required in production' });
    }
  });

export type RawEnv = z.infer<typeof schema>;

export interface Config {
  env: RawEnv['NODE_ENV'];
  role: RawEnv['ROLE'];
  port: number;
  host: string;
  logLevel: RawEnv['LOG_LEVEL'];
  redisUrl: string;
  redisPrefix: string;
  sandbox: boolean;
  wechat: {
    appId: string;
    secret: string;
    token: string;
    aesKey: string;
    accountId: string;
    /** Base of the OA API; the real host in production, the emulator in sandbox mode. */
    apiBase: string;
    templateId: string;
  };
  wecom: { corpId: string; agentId: string; secret: string; token: string; aesKey: string; apiBase: string; directory: string };
  /** 微信客服: callbacks are signed with wecom.token/aesKey and the CorpID (PROTOCOL.md §5.1). */
  kf: { secret: string; openKfId: string; apiBase: string };
  /** WeChat Pay payouts; `enabled` is false in production without WECHATPAY_MCHID. Keys are PEM or paths. */
  pay: {
    enabled: boolean;
    mchId: string;
    appId: string;
    serial: string;
    privateKey: string;
    apiV3Key: string;
    platformKeys: Record<string, string>;
    apiBase: string;
    notifyUrl: string;
    transferSceneId: string;
  };
  llm: { provider: RawEnv['LLM_PROVIDER']; baseUrl?: string; apiKey?: string; model?: string; timeoutMs: number };
  courier: { backend: RawEnv['COURIER_BACKEND']; apiUrl?: string; world: string };
  /** Base of links sent to customers; in sandbox mode this service itself. Without it no links are sent. */
  publicBaseUrl?: string;
  adminToken?: string;
  dedupeTtlSeconds: number;
  signatureWindowSeconds: number;
  callbackBodyLimit: number;
  respondConcurrency: number;
  sendConcurrency: number;
  workerLockMs: number;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment. Pass an object in tests instead of touching process.env. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'} ${i.message}`));
  }
  const e = parsed.data;
  const sandbox = e.SANDBOX ?? !(e.WECHAT_APPID && e.WECHAT_SECRET);
  const sb = sandbox ? SANDBOX_DEFAULTS : undefined;
  const selfBase = e.SANDBOX_BASE_URL ?? `http://127.0.0.1:${e.PORT}`;
  const publicBase = e.PUBLIC_BASE_URL ?? (sandbox ? selfBase : undefined);
  return {
    env: e.NODE_ENV,
    role: e.ROLE,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    sandbox,
    wechat: {
      appId: e.WECHAT_APPID ?? sb?.WECHAT_APPID ?? '',
      secret: e.WECHAT_SECRET ?? sb?.WECHAT_SECRET ?? '',
      token: e.WECHAT_TOKEN ?? sb?.WECHAT_TOKEN ?? '',
      aesKey: e.WECHAT_AES_KEY ?? sb?.WECHAT_AES_KEY ?? '',
      accountId: e.WECHAT_ACCOUNT_ID ?? sb?.WECHAT_ACCOUNT_ID ?? '',
      apiBase: e.WECHAT_API_BASE ?? (sandbox ? `${selfBase}/sandbox/oa` : 'https://api.weixin.qq.com'),
      templateId: e.WECHAT_TEMPLATE_ID,
    },
    wecom: {
      corpId: e.WECOM_CORPID ?? sb?.WECOM_CORPID ?? '',
      agentId: e.WECOM_AGENT_ID ?? sb?.WECOM_AGENT_ID ?? '',
      secret: e.WECOM_SECRET ?? sb?.WECOM_SECRET ?? '',
      token: e.WECOM_TOKEN ?? sb?.WECOM_TOKEN ?? '',
      aesKey: e.WECOM_AES_KEY ?? sb?.WECOM_AES_KEY ?? '',
      apiBase: e.WECOM_API_BASE ?? (sandbox ? `${selfBase}/sandbox/wecom` : 'https://qyapi.weixin.qq.com'),
      directory: e.WECOM_DIRECTORY,
    },
    kf: {
      secret: e.WECOM_KF_SECRET ?? sb?.WECOM_KF_SECRET ?? '',
      openKfId: e.WECOM_KF_OPEN_KFID ?? sb?.WECOM_KF_OPEN_KFID ?? '',
      apiBase: e.WECOM_KF_API_BASE ?? (sandbox ? `${selfBase}/sandbox/wecom-kf` : (e.WECOM_API_BASE ?? 'https://qyapi.weixin.qq.com')),
    },
    pay: {
      enabled: sandbox || Boolean(e.WECHATPAY_MCHID),
      mchId: e.WECHATPAY_MCHID ?? sb?.WECHATPAY_MCHID ?? '',
      appId: e.WECHATPAY_APPID ?? e.WECHAT_APPID ?? sb?.WECHAT_APPID ?? '',
      serial: e.WECHATPAY_SERIAL ?? sb?.WECHATPAY_SERIAL ?? '',
      privateKey: e.WECHATPAY_PRIVATE_KEY ?? sb?.WECHATPAY_PRIVATE_KEY ?? '',
      apiV3Key: e.WECHATPAY_API_V3_KEY ?? sb?.WECHATPAY_API_V3_KEY ?? '',
      platformKeys: e.WECHATPAY_PLATFORM_KEYS ?? (sb ? (JSON.parse(sb.WECHATPAY_PLATFORM_KEYS) as Record<string, string>) : {}),
      apiBase: e.WECHATPAY_API_BASE ?? (sandbox ? `${selfBase}/sandbox/wechatpay` : 'https://api.mch.weixin.qq.com'),
      notifyUrl: e.WECHATPAY_NOTIFY_URL ?? `${selfBase}/wechatpay/notify`,
      transferSceneId: e.WECHATPAY_TRANSFER_SCENE_ID,
    },
    llm: {
      provider: e.LLM_PROVIDER,
      baseUrl: e.LLM_BASE_URL,
      apiKey: e.LLM_API_KEY,
      model: e.LLM_MODEL,
      timeoutMs: e.LLM_TIMEOUT_MS,
    },
    courier: { backend: e.COURIER_BACKEND, apiUrl: e.COURIER_API_URL, world: e.COURIER_WORLD },
    ...(publicBase && { publicBaseUrl: publicBase.replace(/\/+$/, '') }),
    adminToken: e.ADMIN_TOKEN,
    dedupeTtlSeconds: e.DEDUPE_TTL_SECONDS,
    signatureWindowSeconds: e.SIGNATURE_WINDOW_SECONDS,
    callbackBodyLimit: e.CALLBACK_BODY_LIMIT,
    respondConcurrency: e.RESPOND_CONCURRENCY,
    sendConcurrency: e.SEND_CONCURRENCY,
    workerLockMs: e.WORKER_LOCK_MS,
  };
}

/** A loggable summary: which mode, which hosts; never a secret, token or key. */
export function describeConfig(c: Config) {
  return {
    role: c.role,
    port: c.port,
    sandbox: c.sandbox,
    redis: c.redisUrl.replace(/\/\/[^@/]*@/, '//***@'),
    wechatApi: c.wechat.apiBase,
    wecomApi: c.wecom.apiBase,
    wechatPayApi: c.pay.enabled ? c.pay.apiBase : 'off',
    llm: c.llm.provider,
    courier: c.courier.backend,
  };
}
