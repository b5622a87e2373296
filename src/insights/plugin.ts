// The insights dashboard under /admin/insights, behind the admin guard: the HTML pages (server-
// rendered, charts as inline SVG) and the JSON APIs they are built from. Encapsulated: the guard
// applies to these routes only.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../lib/clock.js';
import type { AlertService } from './alerts.js';
import { adminGuard, type AdminAuthOptions } from './auth.js';
import { plainNames, type PlaceNames } from './compose.js';
import { dashboardPage } from './page-dashboard.js';
import { hotspotPage } from './page-hotspot.js';
import { InsightsQuery } from './query.js';
import type { DailyReport } from './report.js';
import { HOUR_MS } from './time.js';
import { ALL_VALUE, CategorySchema, DimensionSchema, type SeriesKey } from './types.js';

export interface InsightsPluginOptions {
  query: InsightsQuery;
  alerts?: AlertService;
  report?: DailyReport;
  names?: () => Promise<PlaceNames>;
  clock: Clock;
  auth: AdminAuthOptions;
}

const Days = z.coerce.number().int().min(1).max(90).default(14);
const Hours = z.coerce.number().int().min(1).max(24 * 30).default(24);
const SeriesQuery = z.object({ category: CategorySchema, dim: z.union([DimensionSchema, z.literal('all')]).default('all'), value: z.string().min(1).max(100).default(ALL_VALUE) });
const ConversationsQuery = z.union([z.object({ alert: z.string().min(1).max(64) }), SeriesQuery.extend({ hours: Hours })]);

function parse<T>(schema: z.ZodType<T>, input: unknown, reply: FastifyReply): T | undefined {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  void reply.code(400).send({ error: 'BAD_REQUEST', message: r.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ') });
  return undefined;
}

export const insightsPlugin: FastifyPluginAsync<InsightsPluginOptions> = async function insightsPlugin(app, o) {
  app.addHook('onRequest', adminGuard(o.auth));
  const now = () => o.clock.now();
  const names = async () => (await o.names?.()) ?? plainNames;

  const dashboard = async (days: number) => ({
    ...(await o.query.summary(now(), days)),
    hotspots: await o.query.hotspots(now()),
    alerts: await o.query.alerts(now(), days, 30),
  });

  const drillDown = async (q: z.infer<typeof ConversationsQuery>, days: number) => {
    const alert = 'alert' in q ? await o.query.alert(q.alert, now()) : undefined;
    if ('alert' in q && !alert) return undefined;
    const series: SeriesKey = alert ? { category: alert.category, dim: alert.dim, value: alert.value } : (q as z.infer<typeof SeriesQuery>);
    const conversations = alert ? await o.query.alertConversations(alert) : await o.query.conversations(series, now() - ('hours' in q ? q.hours : 24) * HOUR_MS, now() + 1);
    const where = series.dim === 'all' ? '全网' : (await names())(series.dim, series.value);
    return { series, where, ...(await o.query.series(series, now(), days)), ...(alert && { alert }), conversations };
  };

  app.get('/', async (req, reply) => {
    const days = parse(z.object({ days: Days }), req.query, reply);
    if (days) return reply.type('text/html; charset=utf-8').send(dashboardPage(await dashboard(days.days)));
  });

  app.get('/hotspot', async (req, reply) => {
    const q = parse(ConversationsQuery, req.query, reply);
    if (!q) return;
    const data = await drillDown(q, 28);
    if (!data) return reply.code(404).send({ error: 'NOT_FOUND', message: 'no such alert' });
    return reply.type('text/html; charset=utf-8').send(hotspotPage(data));
  });

  app.get('/api/summary', async (req, reply) => {
    const q = parse(z.object({ days: Days }), req.query, reply);
    if (q) return o.query.summary(now(), q.days);
  });

  app.get('/api/hotspots', async () => o.query.hotspots(now()));

  app.get('/api/alerts', async (req, reply) => {
    const q = parse(z.object({ days: Days }), req.query, reply);
    if (q) return { alerts: await o.query.alerts(now(), q.days) };
  });

  app.get('/api/series', async (req, reply) => {
    const q = parse(SeriesQuery.extend({ days: Days }), req.query, reply);
    if (q) return o.query.series(q, now(), q.days);
  });

  app.get('/api/conversations', async (req, reply) => {
    const q = parse(ConversationsQuery, req.query, reply);
    if (!q) return;
    const data = await drillDown(q, 1);
    if (!data) return reply.code(404).send({ error: 'NOT_FOUND', message: 'no such alert' });
    return { series: data.series, alert: data.alert?.id, conversations: data.conversations };
  });

  /** Runs detection now (as the 15-minute job does) and returns what was alerted. */
  app.post('/api/detect', async () => ({ alerts: (await o.alerts?.run(now())) ?? [] }));

  /** Builds (and sends, when a robot is configured) yesterday's report now. */
  app.post('/api/report', async () => ({ text: (await o.report?.send(now())) ?? '' }));
};
