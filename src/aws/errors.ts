// Reading AWS SDK errors, for every stage that calls AWS (auth, resolve, analyze). Pure: it reads the
// error's shape and needs no SDK code.

interface SdkErrorShape {
  name?: unknown
  message?: unknown
  Code?: unknown
}

/**
 * The AWS error code of an SDK error (`AccessDenied`, `RequestLimitExceeded`, …): the wire `Code` when the
 * SDK kept it, else the error's name; undefined for anything that is not an object.
 */
export function awsErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const shaped = error as SdkErrorShape
  if (typeof shaped.Code === 'string') return shaped.Code
  return typeof shaped.name === 'string' ? shaped.name : undefined
}

/** The message of an Error, of an error-shaped object, or the value as a string. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'object' && error !== null && typeof (error as SdkErrorShape).message === 'string')
    return (error as { message: string }).message
  return String(error)
}
