// Small concurrency helpers: a counting semaphore that gives up on abort, and abort-aware waiting.

/** Resolves when the signal aborts (never, without a signal). */
export function whenAborted(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return new Promise<void>(() => undefined)
  if (signal.aborted) return Promise.resolve()
  return new Promise<void>(resolve => signal.addEventListener('abort', () => resolve(), { once: true }))
}

/** A real timer that is cleared when the signal aborts, so a cancelled run leaves no timer behind. */
export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal?.aborted) return resolve()
    const done = (): void => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}

/** Waits `ms`, or less if the run is cancelled meanwhile. */
export async function sleepUnlessAborted(
  sleep: (ms: number) => Promise<void>,
  ms: number,
  aborted: Promise<void>
): Promise<void> {
  await Promise.race([sleep(ms), aborted])
}

/** At most `limit` holders at a time; waiters are served in arrival order. */
export class Semaphore {
  private held = 0
  private readonly waiters: Array<(granted: boolean) => void> = []

  constructor(
    private readonly limit: number,
    private readonly signal?: AbortSignal
  ) {
    void whenAborted(signal).then(() => {
      for (const waiter of this.waiters.splice(0)) waiter(false)
    })
  }

  /** True once a slot is held; false if the run was cancelled first (then nothing is held). */
  acquire(): Promise<boolean> {
    if (this.signal?.aborted) return Promise.resolve(false)
    if (this.held < this.limit) {
      this.held++
      return Promise.resolve(true)
    }
    return new Promise<boolean>(resolve => this.waiters.push(resolve))
  }

  release(): void {
    const next = this.waiters.shift()
    // Hand the slot straight to the next waiter, so `held` never dips and lets a newcomer jump the queue.
    if (next) next(true)
    else this.held--
  }
}
