import js from '@eslint/js'
import tseslint from 'typescript-eslint'

// The pipeline's layering (README "How it works"): config → auth → resolve → analyze → verdict → report, with
// the action (src/main.ts, src/action.ts, src/inputs.ts) and the CLI (src/cli) as thin doors.
const AWS_SDK_DENIED = {
  group: ['@aws-sdk/*', '@smithy/*'],
  message:
    'The AWS SDK is imported only in src/auth, src/resolve and src/analyze (src/verdict may `import type` its shapes). Pass what you need in from those stages.'
}
const ACTIONS_DENIED = {
  group: ['@actions/*'],
  message:
    '@actions/* is imported only in src/main.ts, src/action.ts (the action door) and src/report. Return data and let those files talk to the runner.'
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly'
      }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
    }
  },
  // Layering, deny by default: every file under src/ (including folders added later) may import neither the AWS
  // SDK nor @actions/*; the blocks after this one re-allow them where they belong. A later block's
  // no-restricted-imports REPLACES an earlier one for the same file, so each block lists every pattern its
  // files must still refuse.
  {
    files: ['src/**/*.{ts,js,mjs,cjs}'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [AWS_SDK_DENIED, ACTIONS_DENIED] }]
    }
  },
  {
    // The stages that call AWS.
    files: ['src/auth/**', 'src/resolve/**', 'src/analyze/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [ACTIONS_DENIED] }] }
  },
  {
    // Pure, but it reads what EC2 returns: the SDK's types are its vocabulary, never its code.
    files: ['src/verdict/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ ...AWS_SDK_DENIED, allowTypeImports: true }, ACTIONS_DENIED] }
      ]
    }
  },
  {
    // The action's door and the GitHub-facing report.
    files: ['src/main.ts', 'src/action.ts', 'src/report/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [AWS_SDK_DENIED] }] }
  }
)
