/** Bolt/WebClient logger interface backed by our pino logger, so Slack SDK lines get redaction too. */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../log.ts';

function format(parts: unknown[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return p;
      if (p instanceof Error) return `${p.name}: ${p.message}`;
      try {
        return JSON.stringify(p);
      } catch {
        return String(p);
      }
    })
    .join(' ');
}

export function boltLogger(log: Logger): BoltLogger {
  // Bolt and WebClient call setLevel/getLevel; pino's own level stays the one that filters.
  let level: LogLevel = LogLevel.INFO;
  // Format only when the level is on: Bolt builds debug strings on every request (the ack path).
  const at = (lvl: 'debug' | 'info' | 'warn' | 'error') => (...m: unknown[]) => {
    if (log.isLevelEnabled(lvl)) log[lvl](format(m));
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
