/** The `/lead stats` card: 72-hour first-touch rate, medians, and who breached or lost leads. */
import type { Card, Tone } from './card.ts';
import type { Locale } from '../src/config/company.ts';
import { hasTrouble, type GroupMetrics, type LeadMetrics, type RepMetrics, type TeamMetrics } from '../src/domain/leads/lead-metrics.ts';
import { formatDuration } from '../src/domain/sla/duration.ts';

/** Rows shown per list; the rest are summed up in one line. */
export const STATS_TOP = 10;

export interface LeadStatsView {
  locale: Locale;
  days: number;
  /** What the report covers: a team's name, or "all teams". */
  scopeName: string;
  personName(personId: string): string;
  teamName(teamId: string | null): string;
}

/** "87%": rounded, but never 100% while a lead was missed. */
export function percent(touched: number, eligible: number): string {
  const p = Math.round((touched / eligible) * 100);
  return `${touched < eligible ? Math.min(p, 99) : p}%`;
}

/** "72小时首触率 87% (26/30)，进行中 4" / "72-hour first-touch rate 87% (26/30), 4 pending". */
export function rateLine(m: GroupMetrics, locale: Locale): string {
  const rate = m.eligible ? `${percent(m.touched, m.eligible)} (${m.touched}/${m.eligible})` : `— (0/0)`;
  return locale === 'zh-CN' ? `72小时首触率 ${rate}，进行中 ${m.pending}` : `72-hour first-touch rate ${rate}, ${m.pending} pending`;
}

/** Wall-clock minutes for people: "42分钟", "1天3小时" / "42m", "1d 3h". */
export function minutesText(minutes: number | null, locale: Locale): string {
  if (minutes === null) return '—';
  if (minutes < 1) return locale === 'zh-CN' ? '不到1分钟' : '<1m';
  return formatDuration(Math.round(minutes) * 60_000, locale);
}

function troubleParts(r: { breaches: number; reclaims: number; reminders: number; declines: number }, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const parts: [number, string][] = [
    [r.breaches, zh ? '超72小时未联系' : '72h breaches'],
    [r.reclaims, zh ? '被收回' : 'reclaimed'],
    [r.reminders, zh ? '一级提醒' : 'level-1 reminders'],
    [r.declines, zh ? '退回' : 'declined'],
  ];
  const shown = parts.filter(([n]) => n > 0).map(([n, label]) => `${label} ${n}`);
  return shown.join(zh ? '，' : ', ');
}

function repLines(reps: readonly RepMetrics[], view: LeadStatsView): string[] {
  const zh = view.locale === 'zh-CN';
  const bad = reps.filter(hasTrouble);
  const head = zh ? '按人（最差在前）：' : 'By rep (worst first):';
  if (bad.length === 0) return [head, zh ? '无超时、收回或退回。' : 'No breaches, reclaims or declines.'];
  const sep = zh ? '：' : ': ';
  const lines = bad.slice(0, STATS_TOP).map((r, i) => `${i + 1}. ${view.personName(r.personId)}${sep}${troubleParts({ ...r, breaches: r.breaches72h }, view.locale)}`);
  if (bad.length > STATS_TOP) lines.push(zh ? `……另有 ${bad.length - STATS_TOP} 人` : `… and ${bad.length - STATS_TOP} more`);
  return [head, ...lines];
}

function teamLines(teams: readonly TeamMetrics[], view: LeadStatsView): string[] {
  const zh = view.locale === 'zh-CN';
  const lines = teams.slice(0, STATS_TOP).map((t) => {
    const trouble = troubleParts({ ...t, breaches: 0 }, view.locale);
    return `${view.teamName(t.teamId)}${zh ? '：' : ': '}${rateLine(t, view.locale)}${trouble ? (zh ? '；' : '; ') + trouble : ''}`;
  });
  return [zh ? '按团队：' : 'By team:', ...lines];
}

function toneOf(m: GroupMetrics): Tone {
  if (m.rate === null) return 'info';
  return m.rate >= 0.9 ? 'success' : m.rate >= 0.7 ? 'warning' : 'urgent';
}

export function leadStatsCard(metrics: LeadMetrics, view: LeadStatsView, key: string): Card {
  const zh = view.locale === 'zh-CN';
  const m = metrics.summary;
  const text = [...repLines(metrics.reps, view)];
  // One team's view already is its own team row.
  if (metrics.team === undefined && metrics.teams.length > 0) text.push('', ...teamLines(metrics.teams, view));
  return {
    key,
    version: 1,
    tone: toneOf(m),
    title: zh ? `线索指标 · ${view.scopeName} · 近${view.days}天` : `Lead metrics · ${view.scopeName} · last ${view.days} days`,
    subtitle: rateLine(m, view.locale),
    fields: [
      { label: zh ? '72小时首触率' : '72h rate', value: m.eligible ? `${percent(m.touched, m.eligible)} (${m.touched}/${m.eligible})` : '—' },
      { label: zh ? '进行中' : 'Pending', value: String(m.pending) },
      { label: zh ? '接收用时中位' : 'To accept', value: zh ? minutesText(m.medianAcceptMinutes, view.locale) : `median ${minutesText(m.medianAcceptMinutes, view.locale)}` },
      { label: zh ? '首触用时中位' : 'To touch', value: zh ? minutesText(m.medianFirstTouchMinutes, view.locale) : `median ${minutesText(m.medianFirstTouchMinutes, view.locale)}` },
      { label: zh ? '一级超时提醒' : 'Reminders', value: String(m.reminders) },
      { label: zh ? '收回' : 'Reclaims', value: String(m.reclaims) },
    ],
    text: text.join('\n'),
  };
}
