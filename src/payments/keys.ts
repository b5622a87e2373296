// Key material for WeChat Pay (PROTOCOL.md §7): the merchant private key (apiclient_key.pem) and
// the platform verification keys by the id WeChat Pay names in `Wechatpay-Serial` — a platform
// certificate serial or a 微信支付公钥ID `PUB_KEY_ID_…`; both are supported by one map from config.
// Config values are a PEM or a path to one; nothing here is ever logged.
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CourierError } from '../domain/errors.js';

/** A PEM given inline, or read from the file it names. */
export function readPem(valueOrPath: string, what: string): string {
  if (valueOrPath.includes('-----BEGIN')) return valueOrPath.replace(/\\n/g, '\n');
  try {
    return readFileSync(valueOrPath, 'utf8');
  } catch (err) {
    throw new CourierError('CONFIG_INVALID', `${what}: cannot read ${valueOrPath} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 500);
  }
}

export function loadPrivateKey(valueOrPath: string, what = 'WECHATPAY_PRIVATE_KEY'): KeyObject {
  const pem = readPem(valueOrPath, what);
  try {
    return createPrivateKey(pem);
  } catch {
    throw new CourierError('CONFIG_INVALID', `${what} is not a PEM private key`, 500);
  }
}

/** A public key PEM, or a platform certificate PEM (its public key is used). */
export function loadPublicKey(valueOrPath: string, what: string): KeyObject {
  const pem = readPem(valueOrPath, what);
  try {
    return pem.includes('CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
  } catch {
    throw new CourierError('CONFIG_INVALID', `${what} is not a PEM public key or certificate`, 500);
  }
}

/** WECHATPAY_PLATFORM_KEYS → id → key. */
export function loadPlatformKeys(map: Record<string, string>): Map<string, KeyObject> {
  const out = new Map<string, KeyObject>();
  for (const [id, value] of Object.entries(map)) out.set(id, loadPublicKey(value, `WECHATPAY_PLATFORM_KEYS[${id}]`));
  if (!out.size) throw new CourierError('CONFIG_INVALID', 'WECHATPAY_PLATFORM_KEYS is empty', 500);
  return out;
}

/** The key that verifies what the platform signed under `serial`; PAY_SERIAL_UNKNOWN otherwise. */
export function platformKey(keys: ReadonlyMap<string, KeyObject>, serial: string): KeyObject {
  const key = keys.get(serial);
  if (!key) throw new CourierError('PAY_SERIAL_UNKNOWN', `no platform key for Wechatpay-Serial ${serial.slice(0, 64)}`, 401);
  return key;
}
