/** Visit refusals in the reader's language: each names the field and what to do. */
import type { Company, Locale } from '../../config/company.ts';
import { MAX_NOTE_CHARS, type VisitIssue } from '../../domain/visits/visit.ts';
import { actionLabel, painLabel } from './labels.ts';

export function visitIssueLines(company: Company, issues: readonly VisitIssue[], locale: Locale, customerType: string): string[] {
  const zh = locale === 'zh-CN';
  const sep = zh ? '、' : ', ';
  return issues.map((i) => {
    switch (i.field) {
      case 'pains':
        return i.code === 'required'
          ? zh ? '• 痛点：至少选一项' : '• Pain points: pick at least one'
          : zh ? `• 痛点：「${i.key}」不是这类客户的痛点，可选：${i.allowed.map((k) => painLabel(company, k, locale, customerType)).join(sep)}` : `• Pain points: "${i.key}" is not a pain of this customer type; choose from ${i.allowed.map((k) => painLabel(company, k, locale, customerType)).join(sep)}`;
      case 'competitors':
        switch (i.code) {
          case 'required':
            return zh ? '• 竞品：必填，选一个或多个竞品，没有请选「无」' : '• Competitor: required; pick one or more, or "None"';
          case 'none_and_named':
            return zh ? '• 竞品：选了「无」又选了竞品，请二选一' : '• Competitor: you picked "None" and a competitor; pick one of the two';
          case 'too_many':
            return zh ? '• 竞品：太多了，最多 6 个' : '• Competitor: too many (at most 6)';
          case 'other_without_name':
            return zh ? '• 竞品：选了「其他」，请填写竞品名称' : '• Competitor: you picked "Other"; type its name';
          case 'unknown':
            return zh ? `• 竞品：不认识「${i.key}」` : `• Competitor: unknown "${i.key}"`;
          case 'bad_stance':
            return zh ? `• 竞品「${i.key}」的态势只能是 在用 / 评估中 / 已排除 / 提及` : `• Competitor "${i.key}": stance must be incumbent, evaluating, ruled out or mentioned`;
        }
        return '';
      case 'nextAction':
        return i.code === 'unknown'
          ? zh ? `• 下一步：不认识「${i.key}」` : `• Next action: unknown "${i.key}"`
          : zh ? `• 下一步：「${actionLabel(company, i.key, locale)}」在当前阶段不允许，可选：${i.allowed.map((k) => actionLabel(company, k, locale)).join(sep)}` : `• Next action: "${actionLabel(company, i.key, locale)}" is not allowed at this stage; allowed: ${i.allowed.map((k) => actionLabel(company, k, locale)).join(sep)}`;
      case 'due':
        return i.code === 'invalid'
          ? zh ? `• 截止日期「${i.value}」无效，请用 YYYY-MM-DD` : `• Due date "${i.value}" is not a date; use YYYY-MM-DD`
          : zh ? `• 截止日期 ${i.value} 已经过去了` : `• Due date ${i.value} is in the past`;
      case 'note':
        return zh ? `• 备注太长：${i.length} 字，最多 ${MAX_NOTE_CHARS} 字` : `• The note is too long: ${i.length} characters, at most ${MAX_NOTE_CHARS}`;
    }
  });
}
