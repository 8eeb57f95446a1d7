/**
 * What the note extractor returns (design.md §3 `extract` contract): pains, competitors with
 * stance, quantities and the next action, each with the span of the note it came from.
 * @module
 */
import type { Stance } from './catalogue-schema.ts';

export interface ExtractedPain {
  key: string;
  /** The span of the note it came from. */
  evidence: string;
}

export interface ExtractedCompetitor {
  key: string;
  stance: Stance;
  evidence: string;
}

/** unit: CNY USD percent times day week month year hour person session case unit, or another plain English noun. */
export interface ExtractedQuantity {
  value: number;
  unit: string;
  approx?: boolean;
  evidence: string;
}

export interface ExtractedAction {
  key: string;
  /** ISO date (YYYY-MM-DD) in the company's time zone. */
  due?: string;
  /** Whether the action is allowed at the stage asked about (true when no stage was given). */
  allowedInStage: boolean;
  evidence?: string;
}

export interface Extraction {
  painPoints: ExtractedPain[];
  competitors: ExtractedCompetitor[];
  quantities: ExtractedQuantity[];
  nextAction: ExtractedAction | null;
}

export interface ExtractOptions {
  /** Epoch ms: relative due dates (下周三, by Friday) count from here. */
  now: number;
  /** IANA zone of the company. */
  timezone: string;
  /** The deal's stage: decides `allowedInStage`. */
  stage?: string;
  /** The customer type: only its pains are considered; without it, every pain of the company. */
  customerType?: string;
}

/** A phrase the admin accepted as a synonym (from `closeloop lexicon review`), merged into the company's lexicon. */
export interface LexiconEntry {
  kind: 'pain' | 'competitor' | 'action';
  key: string;
  phrase: string;
}

export interface Extractor {
  extract(text: string, opts: ExtractOptions): Extraction;
}
