// Test keys: the sandbox's fixed pairs (config/sandbox/) plus a stranger's key generated per run.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { SANDBOX_DEFAULTS } from '../../src/config/env.js';
import { loadPlatformKeys, loadPrivateKey } from '../../src/payments/keys.js';
import { SANDBOX_PLATFORM_KEY } from '../../src/runtime-pay.js';

export const merchantKey = loadPrivateKey(SANDBOX_DEFAULTS.WECHATPAY_PRIVATE_KEY);
export const merchantPublicKey = createPublicKey(merchantKey);
export const platformPrivateKey = loadPrivateKey(SANDBOX_PLATFORM_KEY);
export const platformKeys = loadPlatformKeys(JSON.parse(SANDBOX_DEFAULTS.WECHATPAY_PLATFORM_KEYS) as Record<string, string>);
export const [PUB_KEY_ID, CERT_SERIAL] = [...platformKeys.keys()] as [string, string];
export const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
export const API_V3_KEY = SANDBOX_DEFAULTS.WECHATPAY_API_V3_KEY;
