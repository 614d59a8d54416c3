import js from '@eslint/js'
import tseslint from 'typescript-eslint'

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
  {
    // Layering: AWS SDK only in auth/resolve/analyze; @actions/* only in the action front door and report.
    files: ['src/**/*.ts'],
    ignores: ['src/auth/**', 'src/resolve/**', 'src/analyze/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@aws-sdk/*'],
              message: 'AWS SDK imports live only in src/auth, src/resolve and src/analyze.'
            }
          ]
        }
      ]
    }
  },
  {
    files: [
      'src/config/**/*.ts',
      'src/verdict/**/*.ts',
      'src/auth/**/*.ts',
      'src/resolve/**/*.ts',
      'src/analyze/**/*.ts',
      'src/cli/**/*.ts'
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@actions/*'],
              message: '@actions/* lives only in src/main.ts, src/post.ts and src/report.'
            }
          ]
        }
      ]
    }
  }
)
