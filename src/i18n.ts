/**
 * Chat text in zh-CN and en. Each string is a function of its parameters, so both languages
 * stay in one place and a missing translation is a type error.
 * @module
 */
import type { Locale } from './config/company.ts';
import { createZone, isoDate } from './domain/sla/zoned-time.ts';

export type Localized<P extends unknown[] = []> = Record<Locale, (...params: P) => string>;

export function t<P extends unknown[]>(locale: Locale, text: Localized<P>, ...params: P): string {
  return text[locale](...params);
}

const hhmmFormats = new Map<string, Intl.DateTimeFormat>();

/** Formats an epoch-ms instant as HH:mm in the company time zone (one formatter per zone: they are costly to build). */
export function hhmm(at: number, timeZone: string): string {
  let fmt = hhmmFormats.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false });
    hhmmFormats.set(timeZone, fmt);
  }
  return fmt.format(at);
}

/** Formats CNY amounts: ¥500,000 (en) / ¥50万 (zh-CN, from 10,000 up). */
export function money(amount: number, locale: Locale): string {
  if (locale === 'zh-CN' && amount >= 10_000) {
    const wan = amount / 10_000;
    return `¥${Number.isInteger(wan) ? wan : wan.toFixed(1)}万`;
  }
  return `¥${Math.round(amount).toLocaleString('en-US')}`;
}

/** The civil date (YYYY-MM-DD) of an instant in a time zone. */
export function isoDay(at: number, timeZone: string): string {
  return isoDate(createZone(timeZone).dayOf(at));
}
