/**
 * When a deal enters a stage another role owns (delivery after 合同签订, finance after 验收),
 * the people of that role hear of it; the rep's own stages need no message.
 * @module
 */
import { labelIn, localeOf } from '../../../config/company.ts';
import { stageOf } from '../../../domain/deals/pipeline-schema.ts';
import { notify } from '../../notify.ts';
import type { StageEntryTrigger } from '../stage-entry.ts';

export const notifyStageRole: StageEntryTrigger = {
  name: 'notify-stage-role',
  stages: '*',
  async run(trx, deps, { deal, change }) {
    const stage = stageOf(deps.company.pipeline, change.to);
    if (!stage || stage.role === 'rep' || change.reason !== 'moved') return;
    for (const person of deps.company.people.filter((p) => p.active && p.roles.includes(stage.role))) {
      const zh = localeOf(deps.company, person) === 'zh-CN';
      await notify(trx, deps, {
        personId: person.id,
        id: `deal-stage:${deal.id}:${change.seq}`,
        message: {
          kind: 'text',
          text: zh
            ? `商机 ${deal.id}（${deal.title}）进入「${labelIn(stage.label, 'zh-CN')}」，由你的岗位跟进。发送 deal ${deal.id} 查看。`
            : `Deal ${deal.id} (${deal.title}) entered "${labelIn(stage.label, 'en')}", which your role handles. Send deal ${deal.id} to see it.`,
        },
        now: change.at,
      });
    }
  },
};
