// The daily report to the operations group (09:00): yesterday's contacts and their rate per
// 10,000 parcels against the last four weeks, the bot's resolution, handoff and kept-promise
// rates, the categories, yesterday's alerts, and the series that rose most by the end of the day.
import { render } from '../lib/templates.js';
import type { AlertSender } from './alerts.js';
import { fmt, fitBytes, plainNames, whereOf, type PlaceNames } from './compose.js';
import type { Detector } from './detector.js';
import { outcomeField } from './fields.js';
import { CATEGORY_LABEL } from './labels.js';
import { percent, ratesOf } from './rates.js';
import type { InsightsStore } from './store.js';
import { dayLabel, dayOf, dayStart, DAY_MS, shortTime } from './time.js';
import { CATEGORIES, isMonitored } from './types.js';
import type { Volumes } from './volumes.js';

const say = (name: string, vars: Record<string, string | number> = {}) => render('insights.yaml', name, vars);
const HISTORY_DAYS = 28;

export interface DailyReportDeps {
  store: InsightsStore;
  detector: Detector;
  volumes?: Volumes;
  sender?: AlertSender;
  names?: () => Promise<PlaceNames>;
}

export class DailyReport {
  constructor(private readonly d: DailyReportDeps) {}

  /** The report on the CST day before `now`. */
  async build(now: number): Promise<string> {
    const today = dayOf(now);
    const day = today - 1;
    const names = (await this.d.names?.()) ?? plainNames;
    const days = Array.from({ length: HISTORY_DAYS + 1 }, (_, i) => day - HISTORY_DAYS + i);
    const counts = await this.d.store.days(days);
    const per10k = async (d: number) => {
      const v = (await this.d.volumes?.day(d, today))?.total;
      const c = counts.get(d)?.[outcomeField('contact')] ?? 0;
      return v ? (c / v) * 1e4 : undefined;
    };
    const history = (await Promise.all(days.slice(0, -1).map(per10k))).filter((x): x is number => x !== undefined);
    const usual = history.length ? history.reduce((a, b) => a + b, 0) / history.length : undefined;
    const yesterday = counts.get(day) ?? {};
    const rates = ratesOf([yesterday]);
    const rate = await per10k(day);
    const lines = [
      say('report_title', { day: dayLabel(day) }),
      say('report_totals', { contacts: rates.contacts, per10k: rate === undefined ? '—' : fmt(rate), usual: usual === undefined ? '—' : fmt(usual), resolution: percent(rates.resolution), handoff: percent(rates.handoffRate), kept: percent(rates.keptRate) }),
    ];
    const categories = CATEGORIES.filter(isMonitored)
      .map((c) => ({ c, n: yesterday[outcomeField('contact', c)] ?? 0 }))
      .filter((x) => x.n > 0)
      .sort((a, b) => b.n - a.n)
      .slice(0, 6);
    if (categories.length) lines.push(say('report_categories', { lines: categories.map((x) => `${CATEGORY_LABEL[x.c]} ${x.n}`).join('，') }));
    const alerts = await this.d.store.alerts(dayStart(day), dayStart(day) + DAY_MS, 20);
    if (!alerts.length) lines.push(say('report_no_alerts'));
    else {
      lines.push(say('report_alerts', { n: alerts.length }));
      for (const a of alerts.slice(0, 8)) lines.push(say('report_alert', { when: shortTime(a.at), category: CATEGORY_LABEL[a.category], where: whereOf(a.dim, a.value, names), count: a.count, expected: fmt(a.expected) }));
    }
    const end = await this.d.detector.evaluate(dayStart(today) - 1);
    const top = end.tests.filter((t) => t.series.dim !== 'all' && t.count > t.expected).slice(0, 3);
    if (top.length) lines.push(say('report_top', { lines: top.map((t) => `${CATEGORY_LABEL[t.series.category]} · ${whereOf(t.series.dim, t.series.value, names)} ${t.count}（平时 ${fmt(t.expected)}）`).join('；') }));
    return fitBytes(lines, 4000);
  }

  async send(now: number): Promise<string> {
    const text = await this.build(now);
    await this.d.sender?.send(text);
    return text;
  }
}
