// `validate` and `init`: the commands that need the config loader but never AWS.
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import { STARTER_CONFIG } from '../config/starter.js'
import { jsonDocument } from '../safety/index.js'
import { EXIT } from './exit-codes.js'
import type { FILE_OPTIONS, Handler, INIT_OPTIONS } from './table.js'

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

export const validate: Handler<typeof FILE_OPTIONS> = async ctx => {
  const config = await ctx.loadConfig()
  if (!config) return EXIT.configError
  const accounts = Object.keys(config.accounts).length
  if (ctx.format === 'json') {
    ctx.out(
      jsonDocument({
        valid: true,
        file: config.file,
        assertions: config.assertions.length,
        accounts,
        problems: []
      })
    )
  } else {
    ctx.out(
      `${config.file}: valid (${count(config.assertions.length, 'assertion')}, ${count(accounts, 'account')})`
    )
  }
  return EXIT.passed
}

export const init: Handler<typeof INIT_OPTIONS> = async ctx => {
  const file = ctx.values.file
  const path = isAbsolute(file) ? file : resolve(ctx.io.cwd, file)
  if (existsSync(path) && !ctx.values.force) {
    ctx.err(`${file} already exists; use --force to overwrite it`)
    return EXIT.configError
  }
  await writeFile(path, STARTER_CONFIG)
  ctx.out(`wrote ${file}; edit the accounts and selectors, then run: network-preflight validate -f ${file}`)
  return EXIT.passed
}
