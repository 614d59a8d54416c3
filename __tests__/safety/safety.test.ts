import { describe, expect, it } from '@jest/globals'
import { marked } from 'marked'
import {
  MAX_JSON_TEXT,
  MAX_LINE,
  MAX_TEXT,
  boundedStrings,
  cleanText,
  cutText,
  logLine,
  markdownCode,
  markdownText,
  mermaidLabel,
  safeJson,
  terminalLines,
  terminalText
} from '../../src/safety/index.js'

const ESC = '\u001b'
const HOSTILE = [
  'line1\n::error::owned',
  '\r\n::stop-commands::x',
  '  ::add-mask::x',
  'x ##[error]y',
  '%0A::error::z',
  `${ESC}]8;;https://evil.example${ESC}\\click${ESC}]8;;${ESC}\\\u0007`,
  `${ESC}[31mred${ESC}[0m\u009b2J\u007f`,
  '%%{init: {"theme":"dark"}}%%',
  '<img src=x onerror=alert(1)>',
  'see https://evil.example/x and www.evil.example and a@b.example',
  'ping @org/team and @someone #1 GH-2',
  'a | b ` c ``` d *e* _f_ [g](h) !',
  '\u202eevil\u200b\ufeff',
  'x'.repeat(1_000_000)
]

/** Every C0 (tab included), DEL and C1 control. */
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

describe('output safety', () => {
  it('every function returns one bounded line without control characters', () => {
    for (const s of HOSTILE) {
      for (const out of [
        terminalText(s),
        logLine(s, MAX_TEXT),
        markdownText(s),
        markdownCode(s),
        mermaidLabel(s)
      ]) {
        expect(out).not.toMatch(CONTROL)
        expect(out).not.toMatch(/[\u2028\u2029]/)
        expect([...out].length).toBeLessThanOrEqual(MAX_TEXT * 6 + 8)
      }
      expect([...cleanText(s)].length).toBeLessThanOrEqual(MAX_TEXT)
    }
  })

  it('makes controls visible', () => {
    expect(cleanText(`a\nb\r\nc${ESC}[0m\u0007\u007f\u009b\t`)).toBe('a⏎b⏎c␛[0m␇␡\\u{9b}␉')
    expect(cleanText('\u202eabc\u200b')).toBe('\\u{202e}abc\\u{200b}')
    expect(cleanText('\ud800x')).toBe('\ufffdx')
  })

  it('neutralises workflow commands in terminal and log text', () => {
    for (const s of HOSTILE) {
      for (const out of [terminalText(s), logLine(s)]) {
        expect(out.trimStart().startsWith('::')).toBe(false)
        expect(out).not.toContain('##[')
      }
    }
    expect(logLine('  ::error::x')).toBe('  \\::error::x')
    expect([...logLine('x'.repeat(1_000_000))].length).toBe(MAX_LINE)
    expect(logLine('arn:aws:iam::1:role/x')).toBe('arn:aws:iam::1:role/x')
  })

  it('stays within the bound after escaping (a cut text is cut again by what `\\::` and `#\\#[` add)', () => {
    for (const text of ['##['.repeat(10_000), `::${'x'.repeat(MAX_LINE)}`, `x${'##['.repeat(200)}`]) {
      for (const max of [1, 2, 5, MAX_TEXT, MAX_LINE]) {
        for (const out of [logLine(text, max), terminalText(text, max)]) {
          expect([...out].length).toBeLessThanOrEqual(max)
          expect(out).not.toContain('##[')
          expect(out.trimStart().startsWith('::')).toBe(false)
        }
      }
      for (const line of terminalLines(text, MAX_LINE, { colours: true }).split('\n'))
        expect([...line].length).toBeLessThanOrEqual(MAX_LINE)
    }
    expect(logLine('##[', 4)).toBe('#\\#[')
    expect(logLine('a ##[', 5)).toBe('a #…')
  })

  it('cuts with an ellipsis, never inside a surrogate pair', () => {
    expect(cleanText('abcdef', 4)).toBe('abc…')
    expect(cleanText('abcd', 4)).toBe('abcd')
    const emoji = '😀'.repeat(10)
    for (let max = 1; max < 12; max++) {
      const out = cleanText(emoji, max)
      expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/)
      expect([...out].length).toBeLessThanOrEqual(max)
      const cut = cutText(emoji, max)
      expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/)
      expect([...cut].length).toBeLessThanOrEqual(max)
    }
    expect(cutText(emoji, 10)).toBe(emoji)
    expect(cutText(emoji, 9)).toBe(`${'😀'.repeat(8)}…`)
  })

  it('markdown text creates no HTML, link, mention or reference', async () => {
    for (const s of HOSTILE) {
      const html = await marked.parse(
        `| a |\n|---|\n| ${markdownText(s)} |\n\n${markdownText(s)}\n\n${markdownCode(s)}`,
        {
          gfm: true
        }
      )
      expect(html).not.toMatch(/<(a|img|script)\b/i)
      const text = html.replace(/<code>[\s\S]*?<\/code>/g, '').replace(/<[^>]*>/g, '')
      expect(text).not.toMatch(/@[A-Za-z0-9]/)
      expect(text).not.toMatch(/#\d/)
      // Outside code spans, no URL survives whole.
      expect(text).not.toMatch(/https?:\/\/|www\./)
      // The table still has one cell per row.
      const row = html.match(/<tbody>[\s\S]*?<\/tbody>/)?.[0] ?? ''
      expect((row.match(/<td/g) ?? []).length).toBe(1)
    }
  })

  it('markdown code spans hold any backtick run', async () => {
    const out = markdownCode('a ``` b `')
    const html = await marked.parse(out)
    expect(html).toContain('<code>')
    expect(html.replace(/<[^>]*>/g, '').trim()).toBe('a ``` b `')
  })

  it('mermaid labels carry no directive, quote, bracket or fence', () => {
    for (const s of HOSTILE) {
      const out = mermaidLabel(s)
      const bare = out.replace(/#\w+;/g, '')
      expect(bare).not.toMatch(/[%"<>[\]{}|`;#]/)
    }
  })

  it('JSON stays JSON, escapes DEL/C1/separators, and bounds strings', () => {
    const value = { a: `x\u007f\u009b\u2028${ESC}`, big: 'y'.repeat(1_000_000), list: ['\n::error::z'] }
    const text = safeJson(boundedStrings(value), 2)
    expect(text).not.toMatch(
      // eslint-disable-next-line no-control-regex -- control characters are what this matches
      CONTROL.source.includes('\\u000a') ? CONTROL : /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/
    )
    expect(JSON.parse(text).a).toBe(value.a)
    expect([...JSON.parse(text).big].length).toBe(MAX_JSON_TEXT)
    for (const line of text.split('\n')) expect(line.trimStart().startsWith('::')).toBe(false)
  })
})
