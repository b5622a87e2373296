import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendUnavailableError } from '../../src/courier/backend.js';
import { HttpCourierBackend } from '../../src/courier/http-backend.js';
import { createLogger } from '../../src/lib/logger.js';

const PARCEL = {
  waybill: 'SF1000000000001',
  product: 'fresh',
  item: '阳澄湖大闸蟹',
  declaredValue: 300,
  insured: null,
  sender: { name: '王先生', phone: '139 0000 0009', city: '大连', address: null },
  receiver: { name: '陈女士', phone: '13800000001', city: '上海', community: '张江花园', district: '浦东新区' },
  stationId: 'zhangjiang',
  events: [
    { at: '2026-11-11T08:00:00+08:00', action: '快件已到达【上海转运中心】', site: '上海转运中心' },
    { at: '2026-11-08T06:00:00+08:00', action: 'collected', status: 'collected', site: '大连甘井子网点', courier: null },
    { at: '2026-11-11T09:00:00+08:00', action: '中转场暴雨临时积压', status: 'not_in_our_taxonomy', site: '上海转运中心' },
    { at: '2026-11-11T09:30:00+08:00', action: '操作员备注', site: '上海转运中心' },
  ],
  exception: { site: '上海转运中心', reason: '暴雨临时积压', eta: '2026-11-11T20:00:00+08:00' },
  proof: null,
  route: { originHub: '大连转运中心', destHub: '上海转运中心' },
  someFutureField: { ignored: true },
};
const STATION = { id: 'zhangjiang', name: '浦东张江网点', staff: ['zhang_wei'], phone: null };

let server: FastifyInstance;
let baseUrl: string;
const seen: { url: string; authorization?: string }[] = [];
const logLines: string[] = [];
const logger = createLogger('warn', { write: (line: string) => void logLines.push(line) });

beforeAll(async () => {
  server = Fastify();
  server.addHook('onRequest', async (req) => {
    seen.push({ url: req.url, ...(req.headers.authorization && { authorization: req.headers.authorization }) });
  });
  server.get('/v1/parcels/SF1000000000001', async () => PARCEL);
  server.get('/v1/parcels/SF1000000000001/proof', async () => ({
    waybill: 'SF1000000000001',
    photo: 'https://pod.example.com/p/1.jpg',
    placedAt: '快递柜',
    note: '丰巢 3 号柜',
    deliveredAt: '2026-11-11T09:00:00+08:00',
    courier: '王师傅',
    site: null,
  }));
  server.get('/v1/parcels/SF2000000000002', async () => ({ ...PARCEL, waybill: 'SF9999999999999' }));
  server.get('/v1/parcels', async () => ({ items: [{ role: 'receiver', parcel: PARCEL }] }));
  server.get('/v1/stations', async () => ({ items: [STATION] }));
  server.get('/v1/stations/zhangjiang', async () => STATION);
  server.get('/v1/volumes', async () => ({ items: [{ key: '张江花园', count: 120 }] }));
  server.get('/v1/parcels/SF5000000000500', async (_req, reply) => reply.code(500).send({ error: 'boom' }));
  server.get('/v1/parcels/SF4290000000429', async (_req, reply) => reply.code(429).send({ error: 'slow down' }));
  server.get('/v1/parcels/SF4000000000400', async (_req, reply) => reply.code(400).send({ error: 'bad' }));
  server.get('/v1/parcels/SF0000000SLOW', async () => {
    await new Promise((r) => setTimeout(r, 300));
    return PARCEL;
  });
  server.get('/v1/parcels/SF000000NOJSON', async (_req, reply) => reply.type('application/json').send('{"waybill": "SF0'));
  server.get('/v1/parcels/SF0000000SHAPE', async () => ({ ...PARCEL, waybill: 'SF0000000SHAPE', sender: { name: '王先生', phone: '13900000009' }, events: 'none' }));
  server.get('/v1/stations/null-body', async (_req, reply) => reply.type('application/json').send('null'));
  server.get('/v1/stations/empty-body', async (_req, reply) => reply.type('application/json').send(''));
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  baseUrl = `http://127.0.0.1:${address.port}/v1/`;
});

afterAll(async () => {
  await server.close();
});

const backend = (timeoutMs = 1000) => new HttpCourierBackend({ baseUrl, timeoutMs, token: 't0ken', logger });

async function unavailable(p: Promise<unknown>): Promise<BackendUnavailableError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BackendUnavailableError);
  expect(err).toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
  return err as BackendUnavailableError;
}

describe('HttpCourierBackend', () => {
  it('maps a parcel to domain types, sorted, with normalised statuses', async () => {
    const p = await backend().parcel('sf1000000000001');
    expect(p).not.toBeNull();
    expect(p!.waybill).toBe('SF1000000000001');
    expect(p!.sender).toEqual({ name: '王先生', phone: '13900000009', city: '大连' });
    expect(p!.events.map((e) => [e.at, e.status])).toEqual([
      [Date.parse('2026-11-08T06:00:00+08:00'), 'collected'],
      [Date.parse('2026-11-11T08:00:00+08:00'), 'at_hub'],
      [Date.parse('2026-11-11T09:00:00+08:00'), 'exception'],
      // Unreadable text keeps the previous status rather than inventing one.
      [Date.parse('2026-11-11T09:30:00+08:00'), 'exception'],
    ]);
    expect(p!.events[0]).not.toHaveProperty('courier');
    expect(p!.exception).toEqual({ site: '上海转运中心', reason: '暴雨临时积压', eta: Date.parse('2026-11-11T20:00:00+08:00') });
    expect(p).not.toHaveProperty('proof');
    expect(p).not.toHaveProperty('insured');
    expect(p).not.toHaveProperty('someFutureField');
    expect(seen.at(-1)).toEqual({ url: '/v1/parcels/SF1000000000001', authorization: 'Bearer t0ken' });
  });

  it('lists parcels by phone with the phone normalised in the query', async () => {
    const list = await backend().parcelsByPhone('+86 138-0000-0001');
    expect(list.map((x) => [x.role, x.parcel.waybill])).toEqual([['receiver', 'SF1000000000001']]);
    expect(seen.at(-1)?.url).toBe('/v1/parcels?phone=13800000001');
  });

  it('serves stations, proof and volumes', async () => {
    const b = backend();
    expect(await b.stations()).toEqual([{ id: 'zhangjiang', name: '浦东张江网点', staff: ['zhang_wei'] }]);
    expect(await b.station('zhangjiang')).toEqual({ id: 'zhangjiang', name: '浦东张江网点', staff: ['zhang_wei'] });
    expect(await b.deliveryProof('SF1000000000001')).toEqual({
      waybill: 'SF1000000000001',
      photo: 'https://pod.example.com/p/1.jpg',
      placedAt: '快递柜',
      note: '丰巢 3 号柜',
      deliveredAt: Date.parse('2026-11-11T09:00:00+08:00'),
      courier: '王师傅',
    });
    const from = Date.parse('2026-11-01T00:00:00Z');
    expect(await b.volumes({ by: 'community', from })).toEqual([{ key: '张江花园', count: 120 }]);
    expect(seen.at(-1)?.url).toBe('/v1/volumes?by=community&from=2026-11-01T00%3A00%3A00.000Z');
  });

  it('answers null for a 404 on a single resource', async () => {
    const b = backend();
    expect(await b.parcel('SF0000000000404')).toBeNull();
    expect(await b.station('nowhere')).toBeNull();
    expect(await b.deliveryProof('SF0000000000404')).toBeNull();
  });

  it('treats a 404 on a list endpoint as unavailable (wrong base URL)', async () => {
    const b = new HttpCourierBackend({ baseUrl: `${baseUrl}nope`, logger });
    expect((await unavailable(b.stations())).status).toBe(404);
  });

  it.each([
    ['SF5000000000500', 500],
    ['SF4290000000429', 429],
    ['SF4000000000400', 400],
  ])('turns HTTP %s (%d) into BackendUnavailableError', async (waybill, status) => {
    const err = await unavailable(backend().parcel(waybill));
    expect(err).toMatchObject({ reason: 'http_status', status, statusCode: 503 });
  });

  it('gives up after the timeout', async () => {
    const started = Date.now();
    const err = await unavailable(backend(50).parcel('SF0000000SLOW'));
    expect(err.reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(250);
  });

  it('defaults to a 3 s timeout', () => {
    expect((new HttpCourierBackend({ baseUrl, logger }) as unknown as { timeoutMs: number }).timeoutMs).toBe(3000);
  });

  it('reports a network failure as unavailable', async () => {
    const b = new HttpCourierBackend({ baseUrl: 'http://127.0.0.1:1/v1', logger });
    expect((await unavailable(b.stations())).reason).toBe('network');
  });

  it('rejects and logs a body that is not JSON', async () => {
    logLines.length = 0;
    const err = await unavailable(backend().parcel('SF000000NOJSON'));
    expect(err.reason).toBe('malformed');
    expect((await unavailable(backend().station('empty-body'))).reason).toBe('malformed');
    // JSON null is not "not found": only a 404 says that.
    expect((await unavailable(backend().station('null-body'))).reason).toBe('malformed');
    expect(logLines.join('')).toContain('body is not JSON');
    expect(logLines.join('')).toContain('GET /parcels/{waybill}');
  });

  it('rejects and logs a body that breaks the contract, without the values', async () => {
    logLines.length = 0;
    const err = await unavailable(backend().parcel('SF0000000SHAPE'));
    expect(err.reason).toBe('malformed');
    const log = logLines.join('');
    expect(log).toContain('sender.city');
    expect(log).toContain('events');
    expect(log).not.toContain('13900000009');
  });

  it('rejects an answer about another waybill', async () => {
    expect((await unavailable(backend().parcel('SF2000000000002'))).reason).toBe('malformed');
  });
});
