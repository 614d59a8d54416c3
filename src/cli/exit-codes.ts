/** The exit codes of aws-network-preflight (anp), kept so scripts written for it keep working. */
export const EXIT = {
  passed: 0,
  failed: 1,
  configError: 2,
  runtimeError: 3
} as const
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]
