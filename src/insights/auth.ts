// Who may open the insights pages: whoever presents ADMIN_TOKEN (Authorization: Bearer, the
// x-admin-token header, the admin cookie, or ?token= once, which sets the cookie). In sandbox
// mode without an ADMIN_TOKEN the documented SANDBOX_ADMIN_TOKEN works, and so does a direct
// loopback request with no token at all (a proxied request is never treated as loopback).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The sandbox's documented default (docs/operations.md); never accepted outside sandbox mode. */
export const SANDBOX_ADMIN_TOKEN = 'sandbox-admin-token-0000';
export const ADMIN_COOKIE = 'ck_admin';

export interface AdminAuthOptions {
  /** ADMIN_TOKEN; when set it is the only way in, sandbox or not. */
  token?: string;
  sandbox: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function presented(req: FastifyRequest): { token?: string; fromQuery: boolean } {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7).trim(), fromQuery: false };
  const header = req.headers['x-admin-token'];
  if (typeof header === 'string') return { token: header, fromQuery: false };
  const cookie = req.headers.cookie?.split(';').map((c) => c.trim().split('=')).find(([k]) => k === ADMIN_COOKIE)?.[1];
  if (cookie) return { token: decodeURIComponent(cookie), fromQuery: false };
  const query = (req.query as Record<string, unknown> | undefined)?.token;
  return typeof query === 'string' ? { token: query, fromQuery: true } : { fromQuery: false };
}

export function isDirectLoopback(req: FastifyRequest): boolean {
  return LOOPBACK.has(req.socket.remoteAddress ?? '') && !req.headers['x-forwarded-for'] && !req.headers.forwarded;
}

export function adminGuard(o: AdminAuthOptions) {
  return async function guard(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const { token, fromQuery } = presented(req);
    const valid = token !== undefined && (o.token ? same(token, o.token) : o.sandbox && same(token, SANDBOX_ADMIN_TOKEN));
    if (valid && fromQuery && req.method === 'GET') {
      // Swap the token in the URL (it would end up in history and proxy logs) for a cookie.
      const url = new URL(req.url, 'http://local');
      url.searchParams.delete('token');
      reply.header('set-cookie', `${ADMIN_COOKIE}=${encodeURIComponent(token)}; Path=/admin; HttpOnly; SameSite=Strict`);
      return reply.redirect(`${url.pathname}${url.search}`, 303);
    }
    if (valid || (!o.token && o.sandbox && token === undefined && isDirectLoopback(req))) return;
    const reason = !o.token && !o.sandbox ? 'ADMIN_TOKEN is not configured' : 'a valid admin token is required';
    return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'ADMIN_UNAUTHORIZED', message: reason });
  };
}
