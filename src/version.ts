/** The tool's version, as in package.json (a test keeps the two equal); reports and `--version` print it. */
export const VERSION = '1.0.0'
