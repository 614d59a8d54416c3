// The valid configs every mutation starts from: the config fixtures and the starter config.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { STARTER_CONFIG } from '../../src/config/starter.js'

export interface BaseConfig {
  name: string
  text: string
}

const FIXTURES = join(process.cwd(), '__tests__', 'fixtures', 'config')

export function baseConfigs(): BaseConfig[] {
  const fixtures = readdirSync(FIXTURES)
    .filter(f => f.endsWith('.yaml'))
    .sort()
    .map(f => ({ name: f.replace(/\.yaml$/, ''), text: readFileSync(join(FIXTURES, f), 'utf8') }))
  return [...fixtures, { name: 'starter', text: STARTER_CONFIG }]
}

/** One `key: value` line of a block-style config, with where it sits. */
export interface ScalarLine {
  /** 0-based index into the file's lines. */
  index: number
  indent: string
  /** "- " when the key opens a list item. */
  dash: string
  key: string
  value: string
  /** The keys of the enclosing block mappings, outermost first, e.g. ["assertions", "source", "selector"]. */
  parents: string[]
}

const KEY_LINE = /^(\s*)(- )?([A-Za-z_][\w-]*):(?:\s+(.*?))?\s*(?:#.*)?$/

/**
 * The lines holding a key and a scalar or a one-line flow value, found by indentation alone (enough for
 * the hand-written fixtures). Lines opening a nested block (`source:`) are parents, not targets.
 */
export function scalarLines(text: string): ScalarLine[] {
  const lines = text.split('\n')
  const stack: Array<{ indent: number; key: string }> = []
  const found: ScalarLine[] = []
  lines.forEach((line, index) => {
    const m = KEY_LINE.exec(line)
    if (!m || line.trimStart().startsWith('#')) return
    const [, indent, dash = '', key, value = ''] = m
    const column = indent.length + dash.length
    while (stack.length > 0 && stack[stack.length - 1].indent >= column) stack.pop()
    if (value === '') {
      stack.push({ indent: column, key })
      return
    }
    // A value starting with { is a flow mapping spanning structure the mutations below do not model.
    if (value.startsWith('{')) return
    found.push({ index, indent, dash, key, value, parents: stack.map(s => s.key) })
  })
  return found
}
