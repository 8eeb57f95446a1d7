/** Drives the local console's JSON API as the page does. */
import { randomUUID } from 'node:crypto';
import type { ConsoleView } from '../../cards/render/console.ts';

export interface FeedItem {
  id: string;
  cardKey: string | null;
  updatedAt: number;
  view: ConsoleView;
}

export function consoleClient(base: string) {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return {
    async feed(person: string): Promise<FeedItem[]> {
      const res = await fetch(`${base}/console/api/feed?person=${encodeURIComponent(person)}`);
      if (res.status !== 200) throw new Error(`feed ${res.status}`);
      return ((await res.json()) as { items: FeedItem[] }).items;
    },
    click(person: string, actionId: string, value: string, cardKey?: string, clientId: string = randomUUID()) {
      return post('/console/api/action', { person, actionId, value, cardKey, clientId });
    },
    command(person: string, text: string, clientId: string = randomUUID()) {
      return post('/console/api/command', { person, text, clientId });
    },
  };
}

export function cardOf(items: FeedItem[], cardKey: string) {
  const item = items.find((i) => i.cardKey === cardKey && i.view.kind === 'card');
  return item && item.view.kind === 'card' ? item.view : undefined;
}

export function textsOf(items: FeedItem[]): string[] {
  return items.flatMap((i) => (i.view.kind === 'text' ? [i.view.text] : []));
}
