import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import preflightSchema from '../../schema/preflight.schema.json' with { type: 'json' }

export { preflightSchema }

let validator: ReturnType<Ajv2020['compile']> | undefined

/** Validates against schema/preflight.schema.json, returning every error (allErrors) with the data it concerns. */
export function validateAgainstSchema(value: unknown): ErrorObject[] {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true })
    addFormats.default(ajv, ['ipv4'])
    validator = ajv.compile(preflightSchema)
  }
  return validator(value) ? [] : [...(validator.errors ?? [])]
}
