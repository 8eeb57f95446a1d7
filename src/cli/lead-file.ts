/**
 * Leads from a file for the CLI: JSON (an array, or `{ "leads": [...] }`) or CSV (RFC 4180, a
 * header row of lead field names, `custom.<key>` for custom fields), each checked like the API.
 * @module
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { CsvError, parse } from 'csv-parse/sync';
import type { LeadIssue } from '../domain/leads/lead-input.ts';
import { LEAD_FIELDS } from '../domain/rules/lead-fields.ts';

export class LeadFileError extends Error {}

export interface LeadFileRow {
  /** Where the lead is in the file, for messages: `#3` (JSON) or `line 4` (CSV). */
  where: string;
  raw: unknown;
  /** Problems the file format itself found (a CSV row with too many fields). */
  issues: LeadIssue[];
}

/** Reads `.json` or `.csv` (UTF-8, BOM allowed); throws LeadFileError with a fix for the user. */
export function readLeadFile(path: string): LeadFileRow[] {
  const ext = extname(path).toLowerCase();
  if (ext !== '.json' && ext !== '.csv') throw new LeadFileError(`${path}: use a .json or .csv file`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new LeadFileError(`${path}: cannot read: ${(e as Error).message}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    // Excel in a Chinese locale saves CSV as GBK by default.
    throw new LeadFileError(`${path}: not UTF-8 text; in Excel choose "CSV UTF-8 (逗号分隔)" when saving`);
  }
  try {
    return ext === '.json' ? leadsFromJson(text) : leadsFromCsv(text);
  } catch (e) {
    if (e instanceof LeadFileError) throw new LeadFileError(`${path}: ${e.message}`);
    throw e;
  }
}

export function leadsFromJson(text: string): LeadFileRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new LeadFileError(`invalid JSON: ${(e as Error).message}`);
  }
  const list = Array.isArray(data) ? data : data && typeof data === 'object' ? (data as { leads?: unknown }).leads : undefined;
  if (!Array.isArray(list)) throw new LeadFileError('expected an array of leads or { "leads": [ … ] }');
  return list.map((raw, i) => ({ where: `#${i + 1}`, raw, issues: [] }));
}

const NUMERIC = new Set(Object.entries(LEAD_FIELDS).filter(([, f]) => f.type === 'number').map(([name]) => name));
const NUMBER = /^-?\d+(\.\d+)?$/;
const GROUPED = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;

/**
 * One CSV row per lead under a header of field names. Empty cells are left out; number fields
 * become numbers when they read as one (`600000`, `600,000`), else stay text for the
 * validator to name; `custom.<key>` cells go to `custom` as text, which custom fields accept.
 */
export function leadsFromCsv(text: string): LeadFileRow[] {
  const records = parseCsv(text);
  const header = records.shift();
  if (!header) throw new LeadFileError('empty CSV: the first row must name the lead fields, e.g. company,contactName,…');
  const names = header.cells.map((h) => h.trim());
  const dup = names.find((n, i) => n !== '' && names.indexOf(n) !== i);
  if (dup !== undefined) throw new LeadFileError(`line ${header.line}: column "${dup}" appears twice in the header`);
  return records.map(({ line, cells }) => {
    const issues: LeadIssue[] = [];
    if (cells.length !== names.length) issues.push({ path: '(csv)', message: `${cells.length} fields, the header has ${names.length}; quote cells that contain commas` });
    const raw: Record<string, unknown> = {};
    const custom: Record<string, string> = {};
    names.forEach((name, i) => {
      const cell = cells[i]?.trim() ?? '';
      if (cell === '' || name === '') return;
      if (name.startsWith('custom.')) custom[name.slice('custom.'.length)] = cell;
      else raw[name] = leadFieldValue(name, cell);
    });
    if (Object.keys(custom).length) raw.custom = custom;
    return { where: `line ${line}`, raw, issues };
  });
}

/**
 * A file's text for lead field `name`: number fields become numbers when the text reads as one
 * (`600000`, `600,000`); anything else stays as given, for the validator to name.
 */
export function leadFieldValue(name: string, value: unknown): unknown {
  if (typeof value !== 'string' || !NUMERIC.has(name)) return value;
  const text = value.trim();
  if (NUMBER.test(text)) return Number(text);
  if (GROUPED.test(text)) return Number(text.replaceAll(',', ''));
  return value;
}

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  cells: string[];
}

const CSV_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted cell; quote the whole cell and double the quote ("")',
  CSV_INVALID_CLOSING_QUOTE: 'text after a closing quote; double quotes inside a quoted cell ("")',
};

/** Line breaks at the start of `text` (blank lines csv-parse skipped before a record). */
function leadingBreaks(text: string): number {
  return /^(?:\r\n|\n|\r)*/.exec(text)?.[0].replace(/\r\n/g, '\n').length ?? 0;
}

/**
 * RFC 4180 by csv-parse: comma-separated; a quoted field may hold commas, line breaks and `""`
 * for a quote; CRLF, LF or CR end a record. Blank lines are skipped (spreadsheets leave them at
 * the end). Each record carries the line it starts on, and errors name it, for messages.
 * @example parseCsv('a,b\n"x, y","say ""hi"""\n') // [{ line: 1, cells: ['a','b'] }, { line: 2, cells: ['x, y', 'say "hi"'] }]
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  /** The line the last record ended on: the next one starts after it (and after blank lines). */
  let lastEnd = 0;
  try {
    parse(text, {
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      // With `info` and `raw`, csv-parse hands each record wrapped with its raw text and position.
      on_record: (wrapped: unknown) => {
        const { record, raw, info } = wrapped as { record: string[]; raw: string; info: { lines: number } };
        records.push({ line: lastEnd + 1 + leadingBreaks(raw), cells: record });
        lastEnd = info.lines;
        return null;
      },
    });
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const raw = (e as { raw?: unknown }).raw;
    throw new LeadFileError(`line ${lastEnd + 1 + leadingBreaks(typeof raw === 'string' ? raw : '')}: ${CSV_PROBLEMS[e.code] ?? e.message}`);
  }
  return records;
}
