// Flat ESLint config. The folder boundaries (docs/ARCHITECTURE.md, "Layout") are errors, not
// review notes: shared/ imports neither side; renderer/ imports no Node and nothing from
// electron/; only electron/ipc/ and the preload touch ipcMain / ipcRenderer.
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'net',
  'tls',
  'dns',
  'dns/*',
  'http',
  'https',
  'child_process',
  'os',
  'path',
  'crypto',
  'util',
  'stream',
]

/** What shared/ may not import: it is pure code used by both sides. */
const sharedImportPatterns = [
  {
    group: ['**/electron/**', '**/renderer/**', 'electron', 'react', 'react-dom', 'zustand'],
    message:
      'shared/ holds pure code used by both sides: it imports neither side, no Electron, no React.',
  },
  { group: nodeBuiltins, message: 'shared/ runs in the renderer too: no Node modules.' },
]

/** What the renderer may not import: main's code, Electron, Node. */
const rendererImportPatterns = [
  {
    group: ['**/electron/**', 'electron', 'electron/*'],
    message: 'The renderer reaches main only through renderer/src/api.ts (window.scanpath).',
  },
  {
    group: nodeBuiltins,
    message: 'The renderer has no Node: network, disk and keychain live in electron/.',
  },
]

/**
 * Only the store calls main: components and screens call store actions, which reach the bridge
 * (renderer/src/api.ts). Relative to renderer/src/ and the folders under it.
 */
const bridgeImportPattern = {
  group: ['./api', '../api', '../../api', './api.*', '../api.*', '../../api.*'],
  message:
    'Components and screens do not call main: add or use an action in renderer/src/store/ (the slices own the bridge).',
}

/** The renderer folders that hold screens: the top floor. */
const rendererScreens = ['wizard', 'screens', 'report', 'profiles']

/** One config block per floor: its files may not import the folders above it (nor app.tsx). */
function rendererFloors(floors) {
  return floors.map(({ folder, above, why, mayCallMain = false }) => ({
    files: [`renderer/src/${folder}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...rendererImportPatterns,
            ...(mayCallMain ? [] : [bridgeImportPattern]),
            {
              // Relative to the folder's own files (the floors are flat folders), so that
              // shared/report/ and the like are not taken for the renderer's report/.
              group: [...above.flatMap((f) => [`../${f}`, `../${f}/**`]), '../app'],
              message: why,
            },
          ],
        },
      ],
    },
  }))
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test/e2e/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      eqeqeq: ['error', 'smart'],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Type-aware rules on our TypeScript: an assertion the types already guarantee, a switch
    // over a union that forgets a member, a promise nobody awaits or catches.
    files: [
      'electron/**/*.ts',
      'renderer/**/*.{ts,tsx}',
      'shared/**/*.ts',
      'test/**/*.{ts,tsx}',
      'bench/**/*.ts',
    ],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: true },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['electron/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'build/**/*.mjs', '*.config.*'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['bin/**/*.cjs'],
    languageOptions: { globals: globals.node, sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Main's runtime schemas: the one place in shared/ that imports zod.
    files: ['shared/schemas/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: sharedImportPatterns }],
    },
  },
  {
    // The rest of shared/ is pure code the renderer loads: no zod (it would break the CSP).
    files: ['shared/**/*.ts'],
    ignores: ['shared/schemas/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...sharedImportPatterns,
            {
              group: ['zod', 'zod/*'],
              message: 'Runtime schemas (zod) go in shared/schemas/; the rest of shared/ has none.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // zod schemas stay in main: loading zod in the renderer trips its CSP (no 'unsafe-eval').
      // They all live in shared/schemas/, of which the renderer may import types only.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/shared/schemas/**', 'zod', 'zod/*'],
              allowTypeImports: true,
              message:
                'Only types from shared/schemas/ in the renderer: zod breaks its CSP (use shared/diagnose-defaults for values).',
            },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [...rendererImportPatterns, bridgeImportPattern] },
      ],
    },
  },
  {
    // The bootstrap may look at the bridge itself: the entry point, and the screen shown when
    // the bridge is missing (it reads the message from api.ts).
    files: ['renderer/src/main.tsx', 'renderer/src/screens/bridge-missing.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: rendererImportPatterns }],
    },
  },
  // The renderer's floors: each folder imports only from the ones below it. domain/ (pure
  // functions and types) is the floor, store/ (the slices) stands on it, components/ on both,
  // and the screens (wizard/, screens/, report/, profiles/) on all of them.
  ...rendererFloors([
    {
      folder: 'domain',
      above: ['store', 'components', ...rendererScreens],
      why: 'domain/ is the floor: pure code that imports no slice and no component.',
    },
    {
      folder: 'store',
      above: ['components', ...rendererScreens],
      why: 'store/ stands on domain/ only: a slice imports no component or screen.',
      mayCallMain: true,
    },
    {
      folder: 'components',
      above: rendererScreens,
      why: 'components/ are shared by the screens: move what several screens use here instead.',
    },
  ]),
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/ipc/register.ts', 'electron/preload.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportSpecifier[imported.name=/^ipc(Main|Renderer)$/]',
          message:
            'Only electron/ipc/register.ts (ipcMain) and electron/preload.ts (ipcRenderer) touch IPC directly.',
        },
        // The main process never blocks its event loop (docs/ARCHITECTURE.md, "Style").
        {
          selector: 'ImportSpecifier[imported.name=/Sync$/]',
          message: 'No synchronous I/O in the main process: use the promise API.',
        },
        {
          selector: 'CallExpression[callee.property.name=/Sync$/]',
          message: 'No synchronous I/O in the main process: use the promise API.',
        },
      ],
    },
  },
  {
    files: ['electron/probes/**/*.ts', 'electron/cli/**/*.ts', 'electron/cli.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Probes and the CLI run under plain Node: no Electron import.',
            },
          ],
        },
      ],
    },
  },
  {
    // The keychain is reached only through electron/secrets (docs/ARCHITECTURE.md, "Secrets").
    // (The renderer has its own restricted-imports block; it cannot load native modules anyway.)
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    ignores: ['electron/secrets/keytar-store.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'keytar',
              message:
                'Use the SecretStore from electron/secrets; only keytar-store.ts imports keytar.',
            },
          ],
        },
      ],
    },
  },
  {
    // No default exports anywhere in our code (config files are read by tools that expect them).
    files: [
      'electron/**/*.ts',
      'renderer/**/*.{ts,tsx}',
      'shared/**/*.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
    ],
    rules: {
      'no-restricted-exports': [
        'error',
        {
          restrictDefaultExports: {
            direct: true,
            named: true,
            defaultFrom: true,
            namedFrom: true,
            namespaceFrom: true,
          },
        },
      ],
    },
  },
)
