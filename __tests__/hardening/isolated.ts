// Runs the loader on one file in a child Node process with a capped heap (see load-in-child.ts).
// Its time and memory numbers are for `npm run bench:startup`; tests assert only that it completes.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LoadResult } from '../../src/config/load.js'

export const CHILD_HEAP_MB = 256

export type IsolatedOutcome =
  | { completed: true; result: LoadResult; ms: number; heapDeltaMb: number; peakRssDeltaMb: number }
  | {
      completed: false
      timedOut: boolean
      exitCode: number | null
      signal: string | null
      stderrTail: string
    }

const CHILD = join(process.cwd(), '__tests__', 'hardening', 'load-in-child.ts')

export async function loadInChild(content: Uint8Array, timeoutMs = 120_000): Promise<IsolatedOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'np-hardening-'))
  const file = join(dir, 'preflight.yaml')
  writeFileSync(file, content)
  try {
    return await new Promise<IsolatedOutcome>(resolve => {
      execFile(
        process.execPath,
        [`--max-old-space-size=${CHILD_HEAP_MB}`, '--import', 'tsx', CHILD, file],
        {
          cwd: process.cwd(),
          // Jest's --experimental-vm-modules is not wanted in the child.
          env: { ...process.env, NODE_OPTIONS: '' },
          maxBuffer: 64 * 2 ** 20,
          timeout: timeoutMs
        },
        (error, stdout, stderr) => {
          const line = stdout.trim().split('\n').pop() ?? ''
          if (!error && line.startsWith('{')) {
            resolve({
              completed: true,
              ...(JSON.parse(line) as Omit<IsolatedOutcome & { completed: true }, 'completed'>)
            })
            return
          }
          const e = error as (Error & { code?: number | string; signal?: string; killed?: boolean }) | null
          resolve({
            completed: false,
            timedOut: e?.killed === true,
            exitCode: typeof e?.code === 'number' ? e.code : null,
            signal: e?.signal ?? null,
            stderrTail: stderr.split('\n').slice(-8).join('\n')
          })
        }
      )
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
