// Reading a config: the file (only a regular one, within the size limit), its bytes (UTF-8 only) and its
// text (YAML, parsed with positions). Each step returns the document or the one problem that stopped it.
import { constants as fsConstants, type Stats } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { problemAt, type Failed } from './problems.js'
import { LIMITS, YamlProblem, lineLocator, parseYamlDocument, type YamlDocument } from './yaml.js'

/** What a non-regular file is, for the error message. */
function fileKind(info: Stats): string {
  if (info.isDirectory()) return 'a directory'
  if (info.isFIFO()) return 'a named pipe (FIFO)'
  if (info.isSocket()) return 'a socket'
  if (info.isCharacterDevice()) return 'a character device'
  if (info.isBlockDevice()) return 'a block device'
  return 'not a regular file'
}

/**
 * Reads a config file's bytes. Only a regular file is read: a FIFO, a device or a socket (which could block
 * the step forever or stream without end) is refused before any read. The file is opened without blocking
 * and checked on the open handle, so it cannot be swapped between the check and the read.
 */
export async function readConfigFile(
  path: string,
  displayPath: string
): Promise<{ ok: true; bytes: Uint8Array } | Failed> {
  let handle: FileHandle
  try {
    handle = await open(path, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0))
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(code)
    return problemAt(displayPath, 1, 1, '', `cannot read the config file: ${why}`)
  }
  try {
    const info = await handle.stat()
    if (!info.isFile()) {
      return problemAt(
        displayPath,
        1,
        1,
        '',
        `cannot read the config file: it is ${fileKind(info)}; give the path of a regular YAML file`
      )
    }
    if (info.size > LIMITS.maxBytes) {
      return problemAt(
        displayPath,
        1,
        1,
        '',
        `the file is ${info.size} bytes; the limit is ${LIMITS.maxBytes} bytes`
      )
    }
    const bytes = await handle.readFile().catch(() => undefined)
    if (!bytes) return problemAt(displayPath, 1, 1, '', 'cannot read the config file')
    return { ok: true, bytes }
  } finally {
    await handle.close()
  }
}

/** The bytes as text: within the size limit and valid UTF-8 (an invalid byte is named by its line). */
export function decodeConfigBytes(bytes: Uint8Array, file: string): { ok: true; text: string } | Failed {
  if (bytes.byteLength > LIMITS.maxBytes) {
    return problemAt(
      file,
      1,
      1,
      '',
      `the file is ${bytes.byteLength} bytes; the limit is ${LIMITS.maxBytes} bytes`
    )
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
  } catch {
    const bad = firstInvalidUtf8(bytes)
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad))
    const { line, column } = lineLocator(before)(before.length)
    return problemAt(file, line, column, '', `the file is not valid UTF-8 (byte ${bad}); save it as UTF-8`)
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, i + 1), { stream: true })
    } catch {
      return i
    }
  }
  return bytes.length
}

/** The text as a YAML document with the position of every node, or the YAML problem at its line. */
export function parseConfigText(rawText: string, file: string): { ok: true; doc: YamlDocument } | Failed {
  // A byte-order mark is harmless to a person, so accept it rather than report it.
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText
  if (text.length > LIMITS.maxBytes) {
    return problemAt(file, 1, 1, '', `the file is larger than ${LIMITS.maxBytes} bytes`)
  }
  if (text.trim() === '')
    return problemAt(file, 1, 1, '', 'the config file is empty; run `network-preflight init`')
  try {
    return { ok: true, doc: parseYamlDocument(text, file) }
  } catch (err) {
    if (err instanceof YamlProblem) {
      const { line, column } = lineLocator(text)(err.offset)
      return problemAt(file, line, column, '', err.message)
    }
    throw err
  }
}
