// A local HTTP server that records every request and answers each with an error: pointed at by every
// endpoint variable the action honours (AWS, GitHub API, OIDC token), it proves a run made no call at all.
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  url: string
  /** Which variable's URL the caller used (the first path segment we gave it). */
  service: string
  authorization?: string
}

export interface Recorder {
  url: string
  requests: RecordedRequest[]
  /** Endpoint variables for the action's environment, plus static keys so the SDK would really send. */
  env: Record<string, string>
  close(): Promise<void>
}

export async function startRecorder(): Promise<Recorder> {
  const requests: RecordedRequest[] = []
  const server = createServer((req: IncomingMessage, res) => {
    const url = req.url ?? '/'
    requests.push({
      method: req.method ?? 'GET',
      url,
      service: url.split('/')[1] ?? '',
      authorization: req.headers.authorization
    })
    req.resume()
    req.on('end', () => {
      // A non-retryable client error, so a caller gives up at once instead of backing off.
      res.writeHead(403, { 'content-type': 'text/xml' })
      res.end(
        '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>recorder</Message></Error></ErrorResponse>'
      )
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    requests,
    env: {
      AWS_ENDPOINT_URL: `${url}/aws`,
      AWS_ENDPOINT_URL_EC2: `${url}/ec2`,
      AWS_ENDPOINT_URL_STS: `${url}/sts`,
      AWS_ACCESS_KEY_ID: 'AKIARECORDER00000001',
      AWS_SECRET_ACCESS_KEY: 'recorder-secret-not-real',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_MAX_ATTEMPTS: '1',
      GITHUB_API_URL: `${url}/github`,
      ACTIONS_ID_TOKEN_REQUEST_URL: `${url}/oidc?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'recorder-request-token',
      GITHUB_TOKEN: 'ghs_recordertoken000000000000000000000'
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close(err => (err ? reject(err) : resolve()))
      })
  }
}
