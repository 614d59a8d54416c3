// Counts throttled attempts as they happen, for progress lines. The SDK retries throttling errors itself
// (adaptive mode, several attempts), so the engine only ever sees the last one; a middleware below the retry
// step sees every attempt. Clients are shared (per account+Region, resolution uses them too), so the
// middleware is added once per client and runs call back only while they listen.
import type { EC2Client } from '@aws-sdk/client-ec2'
import { isThrottling } from './errors.js'

type Listener = (operation: string) => void

const listeners = new WeakMap<EC2Client, Set<Listener>>()

/** Calls `listener` with the command name on every throttled attempt of `client`; returns the unsubscribe. */
export function onThrottled(client: EC2Client, listener: Listener): () => void {
  let registered = listeners.get(client)
  if (!registered) {
    const set = new Set<Listener>()
    registered = set
    listeners.set(client, set)
    // The deserialize step runs inside the retry middleware (finalizeRequest), once per attempt.
    client.middlewareStack?.add(
      (next, context) => async args => {
        try {
          return await next(args)
        } catch (error) {
          if (isThrottling(error)) {
            const operation = String(context.commandName ?? '').replace(/Command$/, '')
            for (const notify of set) notify(operation)
          }
          throw error
        }
      },
      { step: 'deserialize', name: 'networkPreflightThrottleCount', priority: 'high' }
    )
  }
  const set = registered
  set.add(listener)
  return () => void set.delete(listener)
}
