// The verdict layer: pure functions from a raw Reachability Analyzer result to sentences and verdicts.
export {
  classifyExplanationCode,
  EXPLANATION_CODES,
  whyQuestionWrong,
  type ExplanationClass,
  type ExplanationCodeGroup,
  type ExplanationCodeInfo
} from './codes.js'
export { componentType, consoleUrlFor, type ComponentRef } from './console.js'
export {
  decideVerdict,
  type ResolvedComponentRef,
  type ResolvedEndpointRef,
  type VerdictInput
} from './decide.js'
export {
  aggregateMembers,
  checkSourceRange,
  decideBypass,
  decidePair,
  type GroupInput,
  type MemberPairVerdict,
  type OpenRequirement,
  type PairInput
} from './aggregate.js'
export {
  pathIdentifiers,
  describeAnalysis,
  describeContextFor,
  type AnalysisDescription,
  type DescribeContext
} from './describe.js'
export {
  additionalDetailSentence,
  explainExplanation,
  explanationSentence,
  type ExplainContext,
  type PacketContext
} from './explain.js'
export { renderPath } from './path.js'
export type * from './raw.js'
export {
  decideScopeVerdict,
  describeScopeFindings,
  findingEndText,
  findingLine,
  FINDINGS_SHOWN,
  scopeCountText,
  type ScopeVerdictInput
} from './scope.js'
