import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import preflightSchema from '../../schema/preflight.schema.json' with { type: 'json' }

export { preflightSchema }

let validator: ReturnType<Ajv2020['compile']> | undefined

/** Validates against schema/preflight.schema.json, returning every error (allErrors) with the data it concerns. */
export function validateAgainstSchema(value: unknown): ErrorObject[] {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false })
    // strictRequired is off because the rules in anyOf/if branches require properties their parent declares.
    // Keywords for editors (yaml-language-server shows them); the loader reads errorMessage itself.
    ajv.addVocabulary(['errorMessage', 'patternErrorMessage', 'markdownDescription'])
    addFormats.default(ajv, ['ipv4'])
    validator = ajv.compile(preflightSchema)
  }
  return validator(value) ? [] : [...(validator.errors ?? [])]
}

type Worded = { errorMessage?: string; then?: Worded; properties?: Record<string, unknown> }
const worded = (node: unknown): Worded | undefined =>
  typeof node === 'object' && node !== null ? (node as Worded) : undefined

/**
 * The human message the schema gives for an error: the `errorMessage` of the schema object that failed, which
 * yaml-language-server shows the same way (for every error of that object), so an editor and the CLI say one
 * thing. An anyOf speaks through its branches when they all say the same; a `false` property schema (a key
 * that must not be there) through the then-schema holding it, found via ajv's matching "if" error.
 */
export function schemaMessage(error: ErrorObject, all: ErrorObject[]): string | undefined {
  if (error.keyword === 'anyOf' && Array.isArray(error.schema)) {
    const said = new Set(error.schema.map(branch => worded(branch)?.errorMessage))
    const [only] = said
    return said.size === 1 ? only : undefined
  }
  if (error.keyword === 'false schema') {
    const cut = error.instancePath.lastIndexOf('/')
    const parent = error.instancePath.slice(0, cut)
    const key = error.instancePath
      .slice(cut + 1)
      .replace(/~1/g, '/')
      .replace(/~0/g, '~')
    const rule = all.find(
      e =>
        e.keyword === 'if' &&
        e.instancePath === parent &&
        worded(e.parentSchema)?.then?.properties?.[key] === false
    )
    return worded(rule?.parentSchema)?.then?.errorMessage
  }
  return worded(error.parentSchema)?.errorMessage
}
