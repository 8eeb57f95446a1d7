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
 * How close a typed name is to a customer's name (0–1), both normalised: the better of the
 * Sørensen–Dice coefficient of their character bigrams (typos, reordering) and how much of the
 * typed name appears in order in the customer's (abbreviations: 复旦附中 → 复旦大学附属中学).
 * Used for "did you mean …".
 */
export function nameSimilarity(candidate: string, typed: string): number {
  if (candidate === typed) return 1;
  if (!candidate || !typed) return 0;
  const a = [...candidate];
  const b = [...typed];
  return Math.max(dice(a, b), (0.9 * lcsLength(a, b)) / Math.max(b.length, 2));
}

function dice(a: string[], b: string[]): number {
  const grams = (chars: string[]) => {
    const m = new Map<string, number>();
    if (chars.length === 1) m.set(chars[0]!, 1);
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

/** Longest common subsequence length (names are short: O(n·m) is nothing). */
function lcsLength(a: string[], b: string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) row[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!);
    prev = row;
  }
  return prev[b.length]!;
}
