import { codesWithoutSentence } from '../../src/verdict/explain.js'
import { classifyExplanationCode, EXPLANATION_CODES, whyQuestionWrong } from '../../src/verdict/index.js'
import { documentedCodes } from './support.js'

const documented = documentedCodes()

/** The codes this layer treats as "the analysis could not answer the question", decided one by one. */
const QUESTION_WRONG = [
  'COMPONENT_FILTER_RESTRICTION',
  'COMPONENT_FILTER_RESTRICTION_REMOVED_COMPONENT',
  'FILTER_AT_DESTINATION_DESTINATION_ADDRESS',
  'FILTER_AT_DESTINATION_DESTINATION_PORT_RANGE',
  'FILTER_AT_DESTINATION_PROTOCOL',
  'FILTER_AT_DESTINATION_SOURCE_ADDRESS',
  'FILTER_AT_DESTINATION_SOURCE_PORT_RANGE',
  'FILTER_AT_SOURCE_DESTINATION_ADDRESS',
  'FILTER_AT_SOURCE_DESTINATION_PORT_RANGE',
  'FILTER_AT_SOURCE_PROTOCOL',
  'FILTER_AT_SOURCE_SOURCE_ADDRESS',
  'FILTER_AT_SOURCE_SOURCE_PORT_RANGE',
  'IGW_EXPECTS_PUBLIC_ADDRESS',
  'IGW_NAT_REFLECTION',
  'NO_PATH',
  'NO_POSSIBLE_DESTINATION',
  'NO_SOURCE_OR_DESTINATION',
  'TGW_RTB_ROUTES_ARE_UNKNOWN',
  'UNASSOCIATED_COMPONENT',
  'UNKNOWN_DESTINATION',
  'UNKNOWN_PEERED_SGS',
  'UNKNOWN_RESOURCE',
  'UNSUPPORTED_COMPONENT',
  'VPCE_INTRA_VPC_TRAFFIC'
]

describe('explanation code catalogue', () => {
  it('knows exactly the codes documented in explanation-codes.json, in the same groups', () => {
    expect(documented.length).toBe(100)
    expect(Object.keys(EXPLANATION_CODES).sort()).toEqual(documented.map(([code]) => code).sort())
    for (const [code, group] of documented)
      expect([code, EXPLANATION_CODES[code]?.group]).toEqual([code, group])
  })

  it.each(documented)('classifies %s (%s)', (code, group) => {
    const expected =
      group === 'additional_detail_codes'
        ? 'detail'
        : QUESTION_WRONG.includes(code)
          ? 'question-wrong'
          : 'block'
    expect(classifyExplanationCode(code)).toBe(expected)
  })

  it('lists the question-wrong codes explicitly, each with a reason', () => {
    const questionWrong = documented
      .map(([code]) => code)
      .filter(c => classifyExplanationCode(c) === 'question-wrong')
    expect(questionWrong.sort()).toEqual([...QUESTION_WRONG].sort())
    for (const code of QUESTION_WRONG) expect(whyQuestionWrong(code)).toMatch(/^\S.{20,}[^.]$/)
    expect(whyQuestionWrong('ENI_SG_RULES_MISMATCH')).toBeUndefined()
  })

  it('treats a real disconnection as a block and the additional detail codes as warnings', () => {
    expect(classifyExplanationCode('DISCONNECTED_VPCS')).toBe('block')
    expect(classifyExplanationCode('ENI_SG_RULES_MISMATCH')).toBe('block')
    expect(classifyExplanationCode('SUBNET_ACL_RESTRICTION')).toBe('block')
    expect(classifyExplanationCode('UNIDIRECTIONAL_PATH_ANALYSIS_ONLY')).toBe('detail')
  })

  it('returns unknown for codes it does not know, including Object.prototype names', () => {
    expect(classifyExplanationCode('SOME_FUTURE_CODE')).toBe('unknown')
    expect(classifyExplanationCode('')).toBe('unknown')
    expect(classifyExplanationCode('toString')).toBe('unknown')
    expect(classifyExplanationCode('__proto__')).toBe('unknown')
  })

  it('has a dedicated sentence for every catalogued code', () => {
    expect(codesWithoutSentence()).toEqual([])
  })
})
