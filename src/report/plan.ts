// Reporting a plan's predictions: annotations on each assertion's line, the "What this plan changes"
// section at the top of the summary and PR comment, and the predicted-breaks / predicted-opens outputs.
// Plan resource names and ids come from the plan file (outside strings): all go through src/safety.
import type { AssertionReport, PredictedEffect, RunReport } from '../model.js'
import { cleanText, markdownText } from '../safety/index.js'
import type { Annotation } from './annotations.js'

const MAX_LISTED = 30

const WORDS: Record<PredictedEffect, string> = {
  breaks: 'predicted to break once applied',
  opens: 'predicted to open once applied',
  fixes: 'predicted to be fixed once applied',
  affected: 'affected by the plan in ways not evaluated here',
  unaffected: 'not affected by the plan'
}

const EMOJI: Record<PredictedEffect, string> = {
  breaks: '💥',
  opens: '🔓',
  fixes: '🩹',
  affected: '⚠️',
  unaffected: '➖'
}

/** "predicted to break once applied: `aws_security_group_rule.db_from_app` (delete) removes …". */
export function predictionMessage(result: AssertionReport): string | undefined {
  const p = result.prediction
  if (!p) return undefined
  const more =
    p.effect === 'affected' && p.notEvaluated.length > 1
      ? ` (+${p.notEvaluated.length - 1} more not evaluated)`
      : ''
  return cleanText(`${WORDS[p.effect]}: ${p.summary}${more}`, 1000)
}

/**
 * One annotation per prediction that matters: breaks/opens as errors (warnings under
 * `fail-on-predicted: never`), affected as warnings, fixes as notices. Unaffected ones stay quiet.
 */
export function planPredictionAnnotations(report: RunReport, file: string): Annotation[] {
  if (!report.plan) return []
  const out: Annotation[] = []
  const sorted = [...report.results].sort((a, b) => a.assertion.location.line - b.assertion.location.line)
  for (const r of sorted) {
    const p = r.prediction
    if (!p || p.effect === 'unaffected') continue
    const level =
      p.effect === 'breaks' || p.effect === 'opens'
        ? report.plan.failOnPredicted === 'violation'
          ? 'error'
          : 'warning'
        : p.effect === 'affected'
          ? 'warning'
          : 'notice'
    out.push({
      level,
      message: predictionMessage(r)!,
      properties: {
        file,
        startLine: r.assertion.location.line,
        startColumn: r.assertion.location.column,
        title: cleanText(`${r.assertion.id}: ${WORDS[p.effect]}`, 200)
      }
    })
  }
  // GitHub shows 10 annotations per level and step; the summary lists all.
  const levels = ['error', 'warning', 'notice'] as const
  return levels.flatMap(l => out.filter(a => a.level === l).slice(0, 10))
}

/** "1 breaks, 1 opens" style line, effects with a count only. */
function countsLine(report: RunReport): string {
  const c = report.plan!.counts
  const parts = (Object.keys(c) as PredictedEffect[])
    .filter(k => c[k] > 0)
    .map(k => `${EMOJI[k]} ${c[k]} ${k}`)
  return parts.length ? parts.join(' · ') : 'no assertion was analysed'
}

/** The "What this plan changes" section; empty without a plan. */
export function planSection(report: RunReport, variant: 'summary' | 'comment'): string[] {
  const plan = report.plan
  if (!plan) return []
  const h = variant === 'comment' ? '####' : '###'
  const lines: string[] = [`${h} What this plan changes`, '']
  lines.push(
    `Plan${plan.files.length === 1 ? '' : 's'}: ${plan.files.map(f => markdownText(f, 200)).join(', ')} — predictions: ${countsLine(report)}.`,
    ''
  )
  const predicted = report.results.filter(r => r.prediction && r.prediction.effect !== 'unaffected')
  if (predicted.length) {
    lines.push('| | Assertion | Predicted once applied |', '|---|---|---|')
    for (const r of predicted.slice(0, MAX_LISTED)) {
      const p = r.prediction!
      lines.push(
        `| ${EMOJI[p.effect]} | ${markdownText(r.assertion.id, 120)} (line ${r.assertion.location.line}) | **${p.effect}**: ${markdownText(p.summary, 600)} |`
      )
    }
    if (predicted.length > MAX_LISTED)
      lines.push(`| | …and ${predicted.length - MAX_LISTED} more | see the JSON report |`)
    lines.push('')
  } else {
    lines.push('No assertion is predicted to change once the plan is applied.', '')
  }
  if (plan.changes.length) {
    lines.push('<details><summary>Network changes in the plan (' + plan.changes.length + ')</summary>', '')
    for (const c of plan.changes.slice(0, MAX_LISTED))
      lines.push(
        `- ${markdownText(c.resource, 200)} (${markdownText(c.action, 20)}): ${markdownText(c.what, 200)}`
      )
    if (plan.changes.length > MAX_LISTED) lines.push(`- …and ${plan.changes.length - MAX_LISTED} more`)
    lines.push('', '</details>', '')
  }
  if (plan.scope === 'affected') {
    lines.push(`plan-scope: affected — ${plan.inScope.length} analysed, ${plan.skipped.length} skipped.`, '')
    if (plan.skipped.length) {
      lines.push('<details><summary>Skipped assertions</summary>', '')
      for (const s of plan.skipped.slice(0, MAX_LISTED))
        lines.push(`- ${markdownText(s.assertionId, 120)}: ${markdownText(s.reason, 300)}`)
      if (plan.skipped.length > MAX_LISTED)
        lines.push(`- …and ${plan.skipped.length - MAX_LISTED} more (see the JSON report)`)
      lines.push('', '</details>', '')
    }
    if (plan.editedNote) lines.push(`_${markdownText(plan.editedNote, 300)}_`, '')
  }
  if (plan.failOnPredicted === 'violation' && plan.counts.breaks + plan.counts.opens > 0)
    lines.push(
      'A predicted break or opening fails this check (fail-on-predicted: violation). The verdicts below are about the network as deployed now.',
      ''
    )
  return lines
}

/** predicted-breaks and predicted-opens, when a plan was given. */
export function planOutputs(report: RunReport): Record<string, string> {
  if (!report.plan) return {}
  return {
    'predicted-breaks': String(report.plan.counts.breaks),
    'predicted-opens': String(report.plan.counts.opens)
  }
}
