// Where verification codes leave the system. There is no real SMS provider in this codebase: the
// sandbox records codes in its outbox, and an operator plugs a provider in behind SmsSender.
import { CourierError } from '../domain/errors.js';
import { maskPhone } from '../lib/mask.js';
import type { Logger } from '../lib/logger.js';
import type { Outbox } from '../sandbox/outbox.js';

/**
 * Sends one SMS. For operators wiring a provider (Aliyun SMS, Tencent Cloud SMS, …):
 * - `phone` is a normalised 11-digit mainland mobile; `text` is the full message, rendered from
 *   templates/identity.yaml#sms_code. Mainland providers only send pre-approved templates, so an
 *   adapter maps the text onto its approved template (signature 【快递客服】, one `{code}` param).
 * - Resolve once the provider has accepted the message; throw when it refused or could not be
 *   reached. Identity then takes back the code and the rate-limit slot, so the customer may retry.
 * - Never log `text`: it holds the code.
 */
export interface SmsSender {
  send(phone: string, text: string): Promise<void>;
}

/** Sandbox: every SMS goes to the emulated outbox (channel 'sms', to = the phone) so the console shows the code. */
export class SandboxSmsSender implements SmsSender {
  constructor(private readonly outbox: Outbox) {}

  async send(phone: string, text: string): Promise<void> {
    this.outbox.record({ channel: 'sms', to: phone, kind: 'text', text });
  }
}

/**
 * Development without the sandbox: delivers nothing and logs that it did not (masked phone, no
 * text). It refuses to start in production, where a code that never arrives would silently make
 * binding impossible.
 */
export class LoggingSmsSender implements SmsSender {
  private readonly logger: Logger;

  constructor(opts: { logger: Logger; env: string }) {
    if (opts.env === 'production') {
      throw new CourierError('CONFIG_INVALID', 'LoggingSmsSender delivers no SMS; configure a real SmsSender in production', 500);
    }
    this.logger = opts.logger;
  }

  async send(phone: string, text: string): Promise<void> {
    this.logger.warn({ phone: maskPhone(phone), chars: text.length }, 'SMS not delivered: no SMS provider configured');
  }
}
