// Small pure helpers about STS names and role ARNs.

/** STS accepts role session names matching [\w+=,.@-]{2,64}. */
const SESSION_NAME_MAX = 64

/** `name` made acceptable to STS: other characters become '-', cut to 64, padded to 2. */
export function sanitizeSessionName(name: string): string {
  let cleaned = name.replace(/[^\w+=,.@-]/g, '-').slice(0, SESSION_NAME_MAX)
  while (cleaned.length < 2) cleaned += '-'
  return cleaned
}

export interface RoleArnParts {
  partition: string
  accountId: string
  /** The role name without its path. */
  roleName: string
}

/** Parses arn:PARTITION:iam::ACCOUNT:role/[path/]NAME; undefined when it is not a role ARN. */
export function parseRoleArn(arn: string): RoleArnParts | undefined {
  const match = /^arn:([\w-]+):iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn.trim())
  if (!match) return undefined
  return { partition: match[1], accountId: match[2], roleName: match[3] }
}

/** Whether two role ARNs name the same role (same partition, account and name; the path is ignored). */
export function sameRole(a: string, b: string): boolean {
  const left = parseRoleArn(a)
  const right = parseRoleArn(b)
  if (!left || !right) return a.trim() === b.trim()
  return (
    left.partition === right.partition &&
    left.accountId === right.accountId &&
    left.roleName === right.roleName
  )
}

/**
 * Whether a caller ARN from GetCallerIdentity (arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION) is a
 * session of the given role, i.e. the credentials already are that role.
 */
export function isSessionOfRole(callerArn: string, roleArn: string): boolean {
  const role = parseRoleArn(roleArn)
  const match = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\//.exec(callerArn)
  if (!role || !match) return false
  return match[1] === role.partition && match[2] === role.accountId && match[3] === role.roleName
}
