import { describe, expect, it } from 'vitest';
import { CompanyConfigError, loadCompany, parseCompany, supervisorOf, personById } from '../../src/config/company.ts';

const minimal = `
name: Demo
timezone: Asia/Shanghai
teams:
  - { id: t1, name: { zh: 一组, en: Team 1 }, supervisor: boss }
people:
  - { id: boss, name: 老板, roles: [supervisor] , team: t1}
  - { id: rep, name: 小张, roles: [rep], team: t1 }
leads: { defaultOwner: rep }
`;

function errorOf(text: string): CompanyConfigError {
  try {
    parseCompany(text, 'company.yaml');
  } catch (e) {
    if (e instanceof CompanyConfigError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('company file', () => {
  it('loads the demo company: about a dozen people in three sales teams with supervisors, finance and delivery', () => {
    const c = loadCompany('examples/company.yaml');
    expect(c.people.length).toBeGreaterThanOrEqual(12);
    expect(c.teams).toHaveLength(3);
    expect(c.timezone).toBe('Asia/Shanghai');
    expect(c.people.some((p) => p.roles.includes('finance'))).toBe(true);
    expect(c.people.some((p) => p.roles.includes('delivery'))).toBe(true);
    for (const team of c.teams) expect(personById(c, team.supervisor!)).toBeDefined();
    const zhang = personById(c, 'zhang-wei')!;
    expect(supervisorOf(c, zhang)?.name).toBe('王强');
    expect(c.people.every((p) => p.wecomUserId && p.slackUserId)).toBe(true);
  });

  it('resolves a supervisor through the team when the person names none', () => {
    const c = parseCompany(minimal);
    expect(supervisorOf(c, personById(c, 'rep')!)?.id).toBe('boss');
    expect(supervisorOf(c, personById(c, 'boss')!)).toBeUndefined();
  });

  it('names the file, the YAML path, the line and the fix', () => {
    const e = errorOf(minimal.replace('team: t1 }', 'team: t9 }').replace('Asia/Shanghai', 'Mars/Olympus'));
    expect(e.message).toContain('company.yaml');
    const byPath = Object.fromEntries(e.problems.map((p) => [p.path, p]));
    expect(byPath['timezone']?.message).toMatch(/IANA/);
    expect(byPath['timezone']?.line).toBe(3);
  });

  it('rejects cross-references to unknown people and teams', () => {
    const e = errorOf(minimal.replace('team: t1 }', 'team: t9 }').replace('defaultOwner: rep', 'defaultOwner: ghost'));
    const paths = e.problems.map((p) => `${p.path}: ${p.message}`);
    expect(paths).toEqual(expect.arrayContaining([expect.stringMatching(/^people\.1\.team: unknown team "t9"/), expect.stringMatching(/^leads\.defaultOwner: unknown person "ghost"/)]));
  });

  it('rejects unknown keys and broken YAML with a line number', () => {
    expect(errorOf(minimal + 'colour: red\n').problems[0]?.message).toMatch(/colour/);
    const broken = errorOf('name: [unclosed\n');
    expect(broken.problems[0]?.path).toBe('(yaml)');
    expect(broken.problems[0]?.line).toBeGreaterThan(0);
  });
});
