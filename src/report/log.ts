// The action log: every line the action writes goes through src/safety (one line, control characters
// visible, no workflow command, at most MAX_LINE), because AWS error messages, tag values and config
// strings end up in them. @actions/core also escapes `%`, CR and LF in the data of warning, notice,
// error and setFailed. Light on purpose: the action's front door loads it before the pipeline.
import * as core from '@actions/core'
import { logLine, terminalLines } from '../safety/index.js'

export const actionLog = {
  info: (line: string): void => core.info(logLine(line)),
  /** Debug text may span lines (a stack); core.debug escapes line breaks, each line is still cleaned. */
  debug: (text: string): void => core.debug(terminalLines(text)),
  warning: (line: string, properties?: core.AnnotationProperties): void =>
    core.warning(logLine(line), properties),
  notice: (line: string, properties?: core.AnnotationProperties): void =>
    core.notice(logLine(line), properties),
  setFailed: (line: string): void => core.setFailed(logLine(line)),
  /** A foldable group: the title is one cleaned line; everything logged until endGroup folds under it. */
  startGroup: (title: string): void => core.startGroup(logLine(title)),
  endGroup: (): void => core.endGroup()
}
