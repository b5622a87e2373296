// Small helpers the platform emulators share: loosely typed bodies and queries (the emulators check
// them the platform's way, answering in errcode rather than with a 4xx), and the route handler type.
import type { FastifyReply, FastifyRequest } from 'fastify';

export type Obj = Record<string, unknown>;
export type Handler = (req: FastifyRequest, reply: FastifyReply) => Promise<unknown> | unknown;

export const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
export const queryOf = (req: FastifyRequest) => obj(req.query);

/** A platform that may stop a call before its own rules: an injected failure, a bad token. */
export interface Preflighted {
  preflight(api: string, token: string | undefined): { errcode: number; httpStatus?: number } | undefined;
}

/** Wraps a handler so injected failures and the access_token check come before the API's own rules. */
export const guardWith =
  (state: Preflighted, error: (errcode: number) => unknown) =>
  (api: string, handler: Handler): Handler =>
  async (req, reply) => {
    const token = queryOf(req).access_token;
    const stop = state.preflight(api, typeof token === 'string' ? token : undefined);
    if (stop?.httpStatus) return reply.code(stop.httpStatus).type('text/html').send(`<html>${stop.httpStatus}</html>`);
    if (stop) return error(stop.errcode);
    return handler(req, reply);
  };
