/** Test helpers: matcher candidates built from the demo company's people. */
import { loadCompany, personById } from '../../../src/config/company.ts';
import type { CandidateState, MatchInput, MatchRoute } from '../../../src/domain/routing/decision.ts';

export const company = loadCompany('examples/company.yaml');

/** A demo person as a matcher candidate: on duty, nothing open, unless overridden. */
export function candidate(id: string, over: Partial<Omit<CandidateState, 'person'>> & { active?: boolean } = {}): CandidateState {
  const p = personById(company, id);
  if (!p) throw new Error(`no demo person ${id}`);
  const { active = p.active, ...state } = over;
  return {
    person: { id: p.id, name: p.name, skills: p.skills, active, capacity: p.capacity },
    openLeads: 0,
    assignedToday: 0,
    onDuty: true,
    timeOff: false,
    ...state,
  };
}

export const techSales = ['wang-qiang', 'zhang-wei', 'li-na', 'chen-jie'];

export function route(over: Partial<MatchRoute> = {}): MatchRoute {
  return { id: 'edu', requiredSkills: [], preferredSkills: [], weights: {}, relaxPreferred: false, ...over };
}

export function input(over: Partial<MatchInput> = {}): MatchInput {
  return {
    lead: { id: 'L-1', tags: [] },
    route: route(),
    candidates: techSales.map((id) => candidate(id)),
    exclude: [],
    rotation: {},
    ...over,
  };
}
