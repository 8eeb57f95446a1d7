/** A customer (account): deduplicated by its normalised name, owned by one rep. */
export interface Contact {
  name: string;
  title?: string;
  phone?: string;
  email?: string;
}

export interface Customer {
  id: string;
  name: string;
  nameKey: string;
  industry: string | null;
  region: string | null;
  customerType: string;
  sizeBand: string | null;
  ownerId: string;
  contacts: Contact[];
  sourceLeadIds: string[];
  externalRef: string | null;
  lastContactAt: number | null;
  custom: Record<string, string | number | boolean>;
  createdAt: number;
  updatedAt: number;
}

/** The band of a budget: the last band whose `minBudget` it reaches (bands smallest first). */
export function sizeBandOf(bands: readonly { key: string; minBudget: number }[], budget: number | null | undefined): string | null {
  if (budget === null || budget === undefined || !Number.isFinite(budget) || budget <= 0) return null;
  let band: string | null = null;
  for (const b of bands) if (budget >= b.minBudget) band = b.key;
  return band;
}

/** Merges contacts, keeping the first of each name (an import or a second lead adds, never replaces). */
export function mergeContacts(existing: readonly Contact[], added: readonly Contact[]): Contact[] {
  const out = [...existing];
  for (const c of added) {
    const same = out.findIndex((e) => e.name === c.name);
    if (same < 0) out.push(c);
    else out[same] = { ...c, ...out[same]! };
  }
  return out;
}

/**
 * How close two names are (0–1): the Sørensen–Dice coefficient of their character bigrams, on
 * normalised names, so "实验中学" finds "上海市实验中学". Used for "did you mean …".
 */
export function nameSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (!a || !b) return 0;
  if (a.includes(b) || b.includes(a)) return 0.5 + (0.5 * Math.min(a.length, b.length)) / Math.max(a.length, b.length);
  const grams = (s: string) => {
    const m = new Map<string, number>();
    const chars = [...s];
    if (chars.length === 1) m.set(s, 1);
    for (let i = 0; i < chars.length - 1; i++) {
      const g = chars[i]! + chars[i + 1]!;
      m.set(g, (m.get(g) ?? 0) + 1);
    }
    return m;
  };
  const ga = grams(a);
  const gb = grams(b);
  let common = 0;
  let total = 0;
  for (const [g, n] of ga) {
    common += Math.min(n, gb.get(g) ?? 0);
    total += n;
  }
  for (const n of gb.values()) total += n;
  return total ? (2 * common) / total : 0;
}
