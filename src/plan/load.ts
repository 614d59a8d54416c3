// Reading plan files: detected by content (Terraform JSON plan or Pulumi preview JSON), merged into one model.
import { readFile } from 'node:fs/promises'
import { mergeChanges, PlanError, type NetworkChanges } from './model.js'
import { looksLikePulumi, parsePulumiPreview } from './pulumi.js'
import { looksLikeTerraform, parseTerraformPlan, TERRAFORM_FORMAT_VERSIONS } from './terraform.js'

const SUPPORTED = `Terraform \`terraform show -json\` plans (format_version ${TERRAFORM_FORMAT_VERSIONS.join(', ')}) or \`pulumi preview --json\` output`

/** Parses one plan document; `file` names it in every error. */
export function parsePlanText(file: string, text: string): NetworkChanges {
  if (text.startsWith('PK')) {
    throw new PlanError(
      file,
      'this is a binary Terraform plan; convert it with `terraform show -json tfplan > plan.json`'
    )
  }
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (err) {
    const firstLine = text.split('\n').find(l => l.trim() !== '') ?? ''
    // Streamed previews print one JSON event per line.
    if (
      firstLine.trim().startsWith('{') &&
      text.trim().split('\n').length > 1 &&
      /"sequence"\s*:/.test(firstLine)
    ) {
      throw new PlanError(
        file,
        'this is a streamed Pulumi preview (one event per line); run `pulumi preview --json` without PULUMI_ENABLE_STREAMING_JSON_PREVIEW'
      )
    }
    throw new PlanError(
      file,
      `not JSON (${err instanceof Error ? err.message : String(err)}); expected ${SUPPORTED}`
    )
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new PlanError(file, `not a plan: expected ${SUPPORTED}`)
  }
  const object = doc as Record<string, unknown>
  if (looksLikeTerraform(object)) return parseTerraformPlan(file, object)
  if (looksLikePulumi(object)) return parsePulumiPreview(file, object)
  throw new PlanError(file, `not a plan this tool reads: expected ${SUPPORTED}`)
}

/** Reads every plan file; a missing or unreadable file is a PlanError naming it. */
export async function loadPlans(files: Array<{ path: string; name: string }>): Promise<NetworkChanges> {
  const parsed: NetworkChanges[] = []
  for (const f of files) {
    let text: string
    try {
      text = await readFile(f.path, 'utf8')
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      throw new PlanError(
        f.name,
        code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(err)})`
      )
    }
    parsed.push(parsePlanText(f.name, text))
  }
  return mergeChanges(parsed)
}
