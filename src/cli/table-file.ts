/**
 * Rows of a spreadsheet export as records keyed by its header row: CSV (csv-parse, via
 * parseCsv) or XLSX (exceljs: the first worksheet). Each row carries where it came from
 * ("line 3", "row 3") for messages.
 * @module
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import ExcelJS from 'exceljs';
import { LeadFileError, parseCsv } from './lead-file.ts';

export interface TableRow {
  where: string;
  record: Record<string, unknown>;
}

export async function readTableFile(path: string): Promise<TableRow[]> {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx') return readXlsx(path);
  if (ext === '.csv') return readCsv(path);
  throw new LeadFileError(`${path}: give a .csv or .xlsx file (got "${ext || 'no extension'}")`);
}

function readCsv(path: string): TableRow[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new LeadFileError(`${path}: cannot read: ${(e as Error).message}`);
  }
  const [header, ...rest] = parseCsv(text);
  if (!header) throw new LeadFileError(`${path}: the file is empty`);
  const names = header.cells.map((c) => c.trim());
  return rest.map((r) => ({ where: `line ${r.line}`, record: Object.fromEntries(names.map((n, i) => [n, r.cells[i] ?? ''])) }));
}

async function readXlsx(path: string): Promise<TableRow[]> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.readFile(path);
  } catch (e) {
    throw new LeadFileError(`${path}: cannot read the workbook: ${(e as Error).message}`);
  }
  const sheet = book.worksheets[0];
  if (!sheet || sheet.rowCount === 0) throw new LeadFileError(`${path}: the first worksheet is empty`);
  const names: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => (names[col - 1] = cellValue(cell.value)?.toString().trim() ?? ''));
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    if (n === 1) return;
    const record: Record<string, unknown> = {};
    names.forEach((name, i) => {
      if (name) record[name] = cellValue(row.getCell(i + 1).value) ?? '';
    });
    if (Object.values(record).some((v) => v !== '')) rows.push({ where: `row ${n}`, record });
  });
  return rows;
}

/** A cell as a plain value: rich text joined, a formula's result, a hyperlink's text, dates kept as Date. */
function cellValue(v: ExcelJS.CellValue): string | number | boolean | Date | undefined {
  if (v === null || v === undefined) return undefined;
  if (v instanceof Date || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellValue(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
  }
  return String(v);
}
