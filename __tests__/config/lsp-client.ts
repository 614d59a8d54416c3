import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

export type Diagnostic = {
  range: { start: { line: number; character: number }; end: { line: number; character: number } }
  message: string
  severity?: number
  source?: string
}

/**
 * Drives the installed yaml-language-server over stdio (LSP JSON-RPC, Content-Length framing), associates a
 * local schema through the `yaml.schemas` setting, opens one document and returns the diagnostics it
 * publishes once they settle. This is what VS Code's YAML extension does, minus the editor.
 */
export async function yamlDiagnostics(schemaPath: string, documentPath: string): Promise<Diagnostic[]> {
  const server = spawn(
    process.execPath,
    [resolve('node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'],
    { stdio: ['pipe', 'pipe', 'pipe'] }
  )
  const schemaUri = pathToFileURL(resolve(schemaPath)).href
  const docUri = pathToFileURL(resolve(documentPath)).href
  const settings = {
    yaml: {
      validate: true,
      hover: true,
      completion: true,
      schemaStore: { enable: false },
      schemas: { [schemaUri]: [docUri] }
    }
  }
  let nextId = 1
  const pending = new Map<number, (result: unknown) => void>()
  const send = (message: object): void => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message })
    server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
  }
  const request = (method: string, params: unknown): Promise<unknown> =>
    new Promise(done => {
      const id = nextId++
      pending.set(id, done)
      send({ id, method, params })
    })

  let published: Diagnostic[] | undefined
  let onPublish: (() => void) | undefined
  let buffer = Buffer.alloc(0)
  server.stdout.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk])
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n')
      if (headerEnd < 0) return
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1])
      if (buffer.length < headerEnd + 4 + length) return
      const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString())
      buffer = buffer.subarray(headerEnd + 4 + length)
      if (message.id !== undefined && message.method) {
        // A request from the server (workspace/configuration, client/registerCapability, …).
        const result =
          message.method === 'workspace/configuration'
            ? (message.params.items as Array<{ section?: string }>).map(item =>
                item.section === 'yaml' ? settings.yaml : item.section ? null : settings
              )
            : null
        send({ id: message.id, result })
      } else if (message.id !== undefined) {
        pending.get(message.id)?.(message.result)
        pending.delete(message.id)
      } else if (message.method === 'textDocument/publishDiagnostics' && message.params.uri === docUri) {
        published = message.params.diagnostics
        onPublish?.()
      }
    }
  })
  let stderr = ''
  server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))

  try {
    await request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(resolve('.')).href,
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } }
    })
    send({ method: 'initialized', params: {} })
    send({ method: 'workspace/didChangeConfiguration', params: { settings } })
    send({
      method: 'textDocument/didOpen',
      params: {
        textDocument: {
          uri: docUri,
          languageId: 'yaml',
          version: 1,
          text: readFileSync(documentPath, 'utf8')
        }
      }
    })
    // The server validates again when the settings arrive; take the last publication after a quiet second.
    const deadline = Date.now() + 30_000
    for (;;) {
      const before = published
      await new Promise<void>(done => {
        const timer = setTimeout(done, 1500)
        onPublish = () => {
          clearTimeout(timer)
          done()
        }
      })
      if (published && published === before) return published
      if (Date.now() > deadline) throw new Error(`no diagnostics from yaml-language-server: ${stderr}`)
    }
  } finally {
    onPublish = undefined
    const exited = new Promise(done => server.once('exit', done))
    server.kill()
    await exited
  }
}
