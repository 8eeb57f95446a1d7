/**
 * The visits catalogue a company file without a `visits` section gets: the twelve default
 * pain points of design.md with short lexicons, one general customer type, no competitors and
 * a small action library over the default stages.
 * @module
 */
import type { VisitsCatalogue } from './catalogue-schema.ts';

const PRE_CONTRACT = ['qualified', 'solution_comparison', 'negotiation'];

export const DEFAULT_VISITS: VisitsCatalogue = {
  painPoints: [
    { key: 'insurance_payment_limit', label: { zh: '医保支付限制', en: 'Insurance payment limits' }, synonyms: ['医保', '报销', 'insurance', 'reimbursement'] },
    { key: 'budget_tight', label: { zh: '预算紧张', en: 'Tight budget' }, synonyms: ['预算紧', '没预算', '经费不足', 'budget is tight', 'no budget'] },
    { key: 'equipment_failure_high', label: { zh: '现有设备故障率高', en: 'Existing equipment fails often' }, synonyms: ['故障', '宕机', '停机', '维修', 'breakdown', 'downtime', 'outage'] },
    { key: 'training_lacking', label: { zh: '操作人员培训不足', en: 'Operators lack training' }, synonyms: ['不会用', '培训', 'training'] },
    { key: 'price_too_high', label: { zh: '价格偏高', en: 'Price too high' }, synonyms: ['太贵', '价格高', 'too expensive', 'price is high'] },
    { key: 'payment_terms_long', label: { zh: '账期过长', en: 'Long payment terms' }, synonyms: ['账期', '回款慢', 'payment terms'] },
    { key: 'after_sales_slow', label: { zh: '售后响应慢', en: 'Slow after-sales service' }, synonyms: ['售后慢', '响应慢', 'slow support'] },
    { key: 'delivery_delay', label: { zh: '交付延迟', en: 'Delivery delays' }, synonyms: ['交货慢', '延期', '交期', 'late delivery'] },
    { key: 'inventory_overstock', label: { zh: '库存积压', en: 'Inventory overstock' }, synonyms: ['库存', '压货', 'overstock'] },
    { key: 'integration_difficulty', label: { zh: '系统集成困难', en: 'Hard to integrate' }, synonyms: ['对接', '集成', '接口', 'integration'] },
    { key: 'quality_inconsistent', label: { zh: '质量不稳定', en: 'Inconsistent quality' }, synonyms: ['质量', '次品', 'quality issues'] },
    { key: 'approval_process_slow', label: { zh: '审批流程慢', en: 'Slow approvals' }, synonyms: ['审批', '流程长', 'approval'] },
  ],
  customerTypes: [
    {
      key: 'general',
      label: { zh: '企业客户', en: 'Business' },
      industries: [],
      painPoints: [
        'insurance_payment_limit', 'budget_tight', 'equipment_failure_high', 'training_lacking', 'price_too_high', 'payment_terms_long',
        'after_sales_slow', 'delivery_delay', 'inventory_overstock', 'integration_difficulty', 'quality_inconsistent', 'approval_process_slow',
      ],
    },
  ],
  competitors: [],
  actions: [
    { key: 'needs_call', label: { zh: '需求沟通', en: 'Needs call' }, stages: ['qualified'], synonyms: ['需求沟通', 'needs call'] },
    { key: 'tech_exchange', label: { zh: '技术交流', en: 'Technical exchange' }, stages: PRE_CONTRACT, synonyms: ['技术交流', 'technical exchange'] },
    { key: 'send_proposal', label: { zh: '提交方案', en: 'Send a proposal' }, stages: ['qualified', 'solution_comparison'], synonyms: ['方案', 'proposal'] },
    { key: 'send_quote', label: { zh: '提交报价', en: 'Send a quote' }, stages: ['solution_comparison', 'negotiation'], synonyms: ['报价', 'quote'] },
    { key: 'sign_contract', label: { zh: '签订合同', en: 'Sign the contract' }, stages: ['negotiation'], synonyms: ['签合同', 'sign'] },
    { key: 'follow_up', label: { zh: '跟进回访', en: 'Follow up' }, stages: ['qualified', 'solution_comparison', 'negotiation', 'contract_signed', 'uat_done', 'accepted_awaiting_payment', 'invoiced', 'paid'], synonyms: ['回访', 'follow up'] },
  ],
};
