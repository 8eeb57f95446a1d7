/** `npm run bench`: runs every benchmark one after another (they compete for CPU) and prints `name: value` lines. */
import { benchAck } from './ack.ts';
import { benchExtract } from './extract.ts';
import { benchOutbox } from './outbox.ts';
import { benchRoute } from './route.ts';
import { benchTimers } from './timers.ts';
import { benchVisit } from './visit.ts';

const figures: Record<string, number> = {};
for (const [name, bench] of [
  ['outbox', benchOutbox],
  ['ack', benchAck],
  ['route', benchRoute],
  ['timers', benchTimers],
  ['extract', benchExtract],
  ['visit', benchVisit],
] as const) {
  const started = Date.now();
  Object.assign(figures, await bench());
  console.error(`bench ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
for (const [name, value] of Object.entries(figures)) console.log(`${name}: ${value}`);
