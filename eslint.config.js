// Lint keeps the architecture honest: core/ and emulator/ never reach for a host or a UI library, the
// renderer takes only types from core/, and raw IPC lives in exactly one module per side.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const hostFolders = ['**/electron/**', '**/headless/**', '**/renderer/**', '**/e2e/**'];
const uiAndHost = [
  { name: 'electron', message: 'core/ and emulator/ run in plain Node: no Electron here.' },
  { name: 'react', message: 'core/ and emulator/ have no UI.' },
  { name: 'react-dom', message: 'core/ and emulator/ have no UI.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', {
        selector: "MemberExpression[object.name=/^ipc(Main|Renderer)$/]",
        message: 'Raw IPC only in electron/ipc-main.ts and electron/preload.cts; use the typed contract.',
      }],
    },
  },
  {
    files: ['core/**', 'emulator/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: uiAndHost,
        patterns: [{ group: hostFolders, message: 'core/ and emulator/ must not import a host or the UI.' }],
      }],
    },
  },
  {
    files: ['core/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: uiAndHost,
        patterns: [
          { group: hostFolders, message: 'core/ must not import a host or the UI.' },
          { group: ['**/emulator/**'], message: 'core/ talks to Graph over HTTP; only tests may start the emulator.' },
        ],
      }],
    },
  },
  {
    files: ['core/**/*.test.ts', 'core/**/test/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: uiAndHost, patterns: [{ group: hostFolders, message: 'no hosts in core tests' }] }],
    },
  },
  {
    files: ['renderer/**'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks to the host only through window.stratus.' }],
        patterns: [
          { group: ['**/core/**'], allowTypeImports: true, message: 'The renderer may import only types from core/.' },
          { group: ['node:*', '**/electron/**', '**/headless/**'], message: 'The renderer never runs Node or host code.' },
        ],
      }],
    },
  },
  {
    // The one module per side that implements the typed contract over raw IPC. The preload is CommonJS
    // because sandboxed preloads cannot load ES modules.
    files: ['electron/ipc-main.ts', 'electron/preload.cts'],
    rules: { 'no-restricted-syntax': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['headless/public/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Playwright fixtures take their dependencies by destructuring, `{}` included.
    files: ['e2e/**'],
    rules: { 'no-empty-pattern': 'off' },
  },
);
