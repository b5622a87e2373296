// pino with personal data masked at the source: every string in a log object and the message
// itself pass through maskPhonesIn, and known secret fields are redacted by path.
import pino, { type Logger, type LoggerOptions } from 'pino';
import { maskDeep, maskPhonesIn } from './mask.js';

export type { Logger };

const REDACT = [
  'secret',
  'token',
  'aesKey',
  'access_token',
  'apiKey',
  'password',
  '*.secret',
  '*.token',
  '*.aesKey',
  '*.access_token',
  '*.apiKey',
  'req.headers.authorization',
  'headers.authorization',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    base: { svc: 'courier-kefu' },
    redact: { paths: REDACT, censor: '[redacted]' },
    formatters: { log: (obj) => maskDeep(obj) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === 'string' ? maskPhonesIn(a) : a));
        return method.apply(this, masked as Parameters<typeof method>);
      },
    },
  };
}

export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}
