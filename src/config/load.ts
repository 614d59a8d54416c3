// The config loader's entry point: read the file, parse the YAML, translate schema errors, build the model.
// Each job has its own module (read.ts, schema-errors.ts, suggest.ts, build.ts); this one only chains them and
// keeps the public API in one place.
import type { ConfigProblem, PreflightConfig } from '../model.js'
import { buildModel } from './build.js'
import { isObject, ProblemLog } from './problems.js'
import { decodeConfigBytes, parseConfigText, readConfigFile } from './read.js'
import { reportSchemaErrors } from './schema-errors.js'
import { validateAgainstSchema } from './schema.js'

export { cidrProblem, kindOfId } from './build.js'
export { dotted } from './problems.js'

export type LoadResult = { ok: true; config: PreflightConfig } | { ok: false; problems: ConfigProblem[] }

/**
 * Reads and checks a config file. Every problem is reported at once, each at its line and column.
 * Only a regular file is read (see readConfigFile): a FIFO, a device or a socket is refused before any read.
 */
export async function loadConfigFile(path: string, displayPath = path): Promise<LoadResult> {
  const read = await readConfigFile(path, displayPath)
  return read.ok ? loadConfigBytes(read.bytes, displayPath) : read
}

export function loadConfigBytes(bytes: Uint8Array, file: string): LoadResult {
  const decoded = decodeConfigBytes(bytes, file)
  return decoded.ok ? loadConfigText(decoded.text, file) : decoded
}

export function loadConfigText(rawText: string, file: string): LoadResult {
  const parsed = parseConfigText(rawText, file)
  if (!parsed.ok) return parsed
  const { doc } = parsed
  const log = new ProblemLog(doc, file)
  if (!isObject(doc.value)) {
    log.report('', 'value', 'the config must be a mapping with version, defaults, accounts and assertions')
    return { ok: false, problems: log.sorted() }
  }
  reportSchemaErrors(log, validateAgainstSchema(doc.value))
  const config = buildModel(log, doc.value)
  const problems = log.sorted()
  if (problems.length > 0 || !config) return { ok: false, problems }
  return { ok: true, config }
}
