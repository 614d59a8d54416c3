// Every secret this module sees goes through here first: masked in the GitHub log via the injected
// `maskSecret` (core.setSecret), and scrubbed from any text we build, as a second line of defence.

export interface CredentialLike {
  accessKeyId?: string
  secretAccessKey?: string
  sessionToken?: string
}

export class SecretKeeper {
  private readonly known = new Set<string>()

  constructor(private readonly maskSecret?: (value: string) => void) {}

  /** Masks a secret once; repeated values are not re-registered. */
  mask(value: string | undefined): void {
    if (!value || this.known.has(value)) return
    this.known.add(value)
    this.maskSecret?.(value)
  }

  maskCredentials(credentials: CredentialLike | undefined): void {
    if (!credentials) return
    this.mask(credentials.accessKeyId)
    this.mask(credentials.secretAccessKey)
    this.mask(credentials.sessionToken)
  }

  /** The text with every known secret replaced by ***. */
  redact(text: string): string {
    let result = text
    for (const secret of this.known) {
      if (secret.length >= 4) result = result.split(secret).join('***')
    }
    return result
  }
}
