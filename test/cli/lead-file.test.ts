import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCompany } from '../../src/config/company.ts';
import { LeadFileError, leadsFromCsv, leadsFromJson, parseCsv, readLeadFile } from '../../src/cli/lead-file.ts';
import { validateLead } from '../../src/domain/leads/validate-lead.ts';

const company = loadCompany('examples/company.yaml');
const dir = mkdtempSync(join(tmpdir(), 'closeloop-lead-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted commas, doubled quotes and line breaks inside quotes, with the line each record starts on', () => {
    const records = parseCsv('a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\nlast,,end\r\n');
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['x, y', 'say "hi"', 'two\nlines'] },
      { line: 4, cells: ['last', '', 'end'] },
    ]);
  });

  it('accepts LF, CRLF and lone CR line ends, no final line end, and skips blank lines', () => {
    expect(parseCsv('a,b\n\n1,2\r3,4').map((r) => [r.line, r.cells])).toEqual([
      [1, ['a', 'b']],
      [3, ['1', '2']],
      [4, ['3', '4']],
    ]);
  });

  it('keeps an empty quoted cell and a row of empty cells', () => {
    expect(parseCsv('a,b\n"",x\n,\n').map((r) => r.cells)).toEqual([['a', 'b'], ['', 'x'], ['', '']]);
  });

  it('names the line of an unclosed quote, a stray quote and text after a closing quote', () => {
    expect(() => parseCsv('a,b\n1,"open\n\n')).toThrow(/line 2: a quoted cell is never closed/);
    expect(() => parseCsv('a,b\n1,x"y\n')).toThrow(/line 2: a quote inside an unquoted cell/);
    expect(() => parseCsv('a,b\n1,"x"y\n')).toThrow(/line 2: text after a closing quote/);
    // Counted from where the bad record starts, after multi-line cells and blank lines.
    expect(() => parseCsv('a\n"x\ny"\n\n"open\nstill open')).toThrow(/line 5: a quoted cell is never closed/);
  });
});

describe('leads from CSV and JSON', () => {
  it('turns number columns into numbers (600000, "1,200,000"), custom.<key> into custom, and drops empty cells', () => {
    const [row] = leadsFromCsv('company,budget,decisionChainSize,custom.schoolSize,region\n某中学,"1,200,000",6,2400,\n');
    expect(row?.raw).toEqual({ company: '某中学', budget: 1_200_000, decisionChainSize: 6, custom: { schoolSize: '2400' } });
    expect(row?.where).toBe('line 2');
  });

  it('leaves a number column that is not a number as text, so validation names the field', () => {
    const [row] = leadsFromCsv('budget\n五十万\n');
    expect(row?.raw).toEqual({ budget: '五十万' });
  });

  it('flags a row with more cells than the header', () => {
    const [row] = leadsFromCsv('company,budget\n某中学,600000,extra\n');
    expect(row?.issues).toEqual([{ path: '(csv)', message: expect.stringContaining('3 fields, the header has 2') }]);
  });

  it('rejects an empty file and a header naming a column twice', () => {
    expect(() => leadsFromCsv('')).toThrow(LeadFileError);
    expect(() => leadsFromCsv('company,budget,company\n')).toThrow(/column "company" appears twice/);
  });

  it('reads a JSON array or { leads: [...] } and rejects anything else', () => {
    expect(leadsFromJson('[{"company":"a"}]')).toEqual([{ where: '#1', raw: { company: 'a' }, issues: [] }]);
    expect(leadsFromJson('{"leads":[{},{}]}').map((r) => r.where)).toEqual(['#1', '#2']);
    expect(() => leadsFromJson('{"lead":[]}')).toThrow(/expected an array of leads/);
    expect(() => leadsFromJson('[{')).toThrow(/invalid JSON/);
  });

  it('reads a UTF-8 file with a BOM, and refuses GBK text and other extensions with a fix', () => {
    const bom = file('bom.csv', '\uFEFFcompany,budget\n某中学,1\n');
    expect(readLeadFile(bom)[0]?.raw).toEqual({ company: '某中学', budget: 1 });
    // "销售" in GBK: not valid UTF-8.
    const gbk = file('gbk.csv', Buffer.from([0x63, 0x0a, 0xcf, 0xfa, 0xca, 0xdb, 0x0a]));
    expect(() => readLeadFile(gbk)).toThrow(/not UTF-8 text.*CSV UTF-8/);
    expect(() => readLeadFile(file('leads.txt', '[]'))).toThrow(/use a \.json or \.csv file/);
    expect(() => readLeadFile(join(dir, 'missing.json'))).toThrow(/cannot read/);
  });

  it('reads the same leads from examples/leads.csv as from examples/leads.json', () => {
    const valid = (path: string) =>
      readLeadFile(path).map((r) => {
        const v = validateLead(company.leads.customFields, r.raw);
        if (!v.ok) throw new Error(`${path} ${r.where}: ${JSON.stringify(v.issues)}`);
        return { ...v.lead, notes: undefined };
      });
    const fromCsv = valid('examples/leads.csv');
    expect(fromCsv).toEqual(valid('examples/leads.json'));
    expect(fromCsv.length).toBeGreaterThanOrEqual(8);
    expect(readLeadFile('examples/leads.csv')[3]?.raw).toMatchObject({ budget: 1_200_000, notes: 'CT、MRI 设备运维外包；\n希望 12 月前现场演示' });
  });
});

describe('validateLead (as the API)', () => {
  const base = { company: '某中学', contactName: '王校长', contactTitle: '校长', industry: 'education', budget: 600000, websiteDwellSeconds: 0, decisionChainSize: 1, interactionCount: 0 };

  it('coerces custom fields declared in the company file', () => {
    expect(validateLead(company.leads.customFields, { ...base, custom: { schoolSize: '1200' } })).toEqual({ ok: true, lead: { ...base, custom: { schoolSize: 1200 } } });
  });

  it('names every bad field: the lead contract and the custom fields together', () => {
    const result = validateLead(company.leads.customFields, { ...base, budget: '600000', custom: { schoolSize: -1, size: 3 } });
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['budget', 'custom.schoolSize', 'custom.size']));
  });
});
