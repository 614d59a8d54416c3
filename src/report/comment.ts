// The sticky PR comment (input `comment: true`): one comment per config file, found again by a hidden
// marker and its author (the identity behind the token) and updated in place on every run. Needs `pull-requests: write`; without it GitHub answers 403
// and the run gets a warning, never a failed check.
import { headRepositoryName, isCrossRepositoryPullRequest } from '../pull-request.js'
import * as core from '@actions/core'
import * as github from '@actions/github'
import type { RunReport } from '../model.js'
import { cleanText, documentText, logLine } from '../safety/index.js'
import type { AnnotationSink } from './annotations.js'
import { COMMENT_LIMIT_CHARS, DEFAULT_COMMENT_BUDGET_CHARS, renderCommentBody } from './summary.js'

/** The Octokit that `@actions/github` builds (REST methods and `paginate`). */
export type GitHubClient = ReturnType<typeof github.getOctokit>

/**
 * An Octokit for the GitHub API of this run. `@actions/github` reads `GITHUB_API_URL` when it is first
 * imported (both its Octokit defaults and `context.apiUrl`), so GitHub Enterprise Server works without
 * options; `apiUrl` overrides it (tests point it at a local server).
 */
export function createGitHubClient(token: string, apiUrl: string = github.context.apiUrl): GitHubClient {
  return github.getOctokit(token, { baseUrl: apiUrl })
}

/** The login that authors what GITHUB_TOKEN (the GitHub Actions app's installation token) writes. */
export const GITHUB_ACTIONS_BOT = 'github-actions[bot]'

/**
 * The login behind the token: what we wrote carries it as author, and only what carries it is ours. A user
 * token (PAT) can read GET /user; GITHUB_TOKEN is an installation token, which GitHub answers 403 there, so
 * that is taken to mean `github-actions[bot]`. (Another GitHub App's token gets the same 403: its comments
 * are then never matched, and the action posts a new one rather than edit anyone else's.)
 */
export async function tokenLogin(octokit: GitHubClient): Promise<string> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated()
    return data.login
  } catch (error) {
    if ((error as { status?: unknown }).status === 403) return GITHUB_ACTIONS_BOT
    throw error
  }
}

/** True when `item` was written by `login` (GitHub logins are case-insensitive). */
export function authoredBy(item: { user?: { login?: string } | null }, login: string): boolean {
  return (item.user?.login ?? '').toLowerCase() === login.toLowerCase()
}

/** The hidden first line that marks our comment for one config file. */
export function commentMarker(configFile: string): string {
  // `>` and line breaks would end the HTML comment early; the replacement is deterministic, so the
  // same file always yields the same marker.
  const safe = cleanText(configFile.replace(/>/g, '%3E'), 300)
  return `<!-- network-preflight:comment config=${safe} -->`
}

/** The part of a webhook payload that says which pull request, and from which repository, a run is for. */
export interface PullRequestPayload {
  pull_request?: {
    number?: number
    head?: { repo?: { full_name?: string } | null }
    base?: { repo?: { full_name?: string } | null }
  }
}

export type CommentDecision = { ok: true; prNumber: number } | { ok: false; reason: string }

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target'])

/**
 * Whether this run can comment on a pull request. Not on other events (there is no PR), and not on PRs
 * from forks: their GITHUB_TOKEN is read-only, so the comment would fail anyway.
 */
export function shouldComment(eventName: string, payload: PullRequestPayload): CommentDecision {
  if (!PULL_REQUEST_EVENTS.has(eventName)) {
    return { ok: false, reason: `the PR comment is skipped: \`${eventName}\` is not a pull request event` }
  }
  const pr = payload.pull_request
  if (!pr || typeof pr.number !== 'number') {
    return { ok: false, reason: 'the PR comment is skipped: the event payload names no pull request' }
  }
  if (isCrossRepositoryPullRequest(payload)) {
    const head = headRepositoryName(payload)
    return {
      ok: false,
      reason:
        `the PR comment is skipped: pull request #${pr.number} comes from a fork (${head ?? 'a deleted repository'}), ` +
        'whose token cannot write comments'
    }
  }
  return { ok: true, prNumber: pr.number }
}

export interface UpsertPrCommentArgs {
  octokit: GitHubClient
  owner: string
  repo: string
  prNumber: number
  configFile: string
  report: RunReport
  /** Link to the workflow run, where the full job summary is. */
  runUrl?: string
  /** Where the 403 warning goes (default `@actions/core`). */
  sink?: Pick<AnnotationSink, 'warning'>
}

export type CommentOutcome =
  | { action: 'created' | 'updated'; commentId: number; url?: string }
  /** GitHub refused or failed; a warning was emitted and the check is unaffected. */
  | { action: 'failed'; reason: string }

/** The whole comment: marker, then the compact report, under GitHub's 65,536-character limit. */
export function renderComment(report: RunReport, configFile: string, runUrl?: string): string {
  const marker = commentMarker(configFile)
  const budget = Math.min(DEFAULT_COMMENT_BUDGET_CHARS, COMMENT_LIMIT_CHARS) - marker.length - 1
  // The last guard: no control character and no line over the bound, whatever a section forgot.
  return documentText(`${marker}\n${renderCommentBody(report, { runUrl, maxChars: budget })}`)
}

/** Creates the comment for this config file on the PR, or updates it if an earlier run made one. */
export async function upsertPrComment(args: UpsertPrCommentArgs): Promise<CommentOutcome> {
  const { octokit, owner, repo, prNumber, configFile, report, runUrl } = args
  const sink = args.sink ?? core
  const marker = commentMarker(configFile)
  const body = renderComment(report, configFile, runUrl)
  try {
    const login = await tokenLogin(octokit)
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: prNumber,
      per_page: 100
    })
    // Ours is written by the token's identity and starts with the marker. Anyone can post the marker (with
    // "✅ all passed"), and a reply may quote it: neither is ours, neither is edited.
    const existing = comments.find(
      comment => authoredBy(comment, login) && comment.body?.trimStart().startsWith(marker)
    )
    if (existing) {
      const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body })
      return { action: 'updated', commentId: data.id, url: data.html_url }
    }
    const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: prNumber, body })
    return { action: 'created', commentId: data.id, url: data.html_url }
  } catch (error) {
    const status = (error as { status?: unknown }).status
    const reason =
      status === 403
        ? 'GitHub refused the PR comment (403): the token lacks the `pull-requests: write` permission. ' +
          'Add `permissions: { pull-requests: write }` to the job, or set `comment: false`.'
        : `Could not write the PR comment: ${error instanceof Error ? error.message : String(error)}`
    sink.warning(logLine(reason), { title: 'network-preflight: PR comment not written' })
    return { action: 'failed', reason }
  }
}

/** What the front door knows about the run (the shape of `github.context`). */
export interface RunContext {
  eventName: string
  payload: PullRequestPayload
  repo: { owner: string; repo: string }
  serverUrl: string
  runId: number
  apiUrl: string
}

/** Link to this workflow run, where the job summary is. */
export function workflowRunUrl(context: RunContext = github.context): string {
  return `${context.serverUrl}/${context.repo.owner}/${context.repo.repo}/actions/runs/${context.runId}`
}

export interface CommentOnPullRequestArgs {
  token: string
  report: RunReport
  configFile: string
  context?: RunContext
  sink?: Pick<AnnotationSink, 'warning' | 'notice'>
}

/**
 * The whole `comment: true` flow for the action: decide, say why when skipping (a notice), then upsert.
 * Never throws: a comment is a courtesy, the check's verdict does not depend on it.
 */
export async function commentOnPullRequest(
  args: CommentOnPullRequestArgs
): Promise<CommentOutcome | { action: 'skipped'; reason: string }> {
  const context = args.context ?? github.context
  const sink = args.sink ?? core
  const decision = shouldComment(context.eventName, context.payload)
  if (!decision.ok) {
    sink.notice(logLine(decision.reason), { title: 'network-preflight: no PR comment' })
    return { action: 'skipped', reason: decision.reason }
  }
  return upsertPrComment({
    octokit: createGitHubClient(args.token, context.apiUrl),
    owner: context.repo.owner,
    repo: context.repo.repo,
    prNumber: decision.prNumber,
    configFile: args.configFile,
    report: args.report,
    runUrl: workflowRunUrl(context),
    sink
  })
}
