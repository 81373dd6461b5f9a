// Lint for what is not shipped (tests, sandbox, scripts, bench): they may use process, timers and node:http, which
// the n8n community rules forbid in nodes.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'nodes/**',
			'credentials/**',
			'eslint.*.mjs',
			'.prettierrc.js',
		],
	},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{ languageOptions: { globals: { ...globals.node } } },
	{
		files: ['**/*.js'],
		languageOptions: { sourceType: 'commonjs' },
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
	{
		files: ['**/*.ts'],
		rules: {
			'@typescript-eslint/no-explicit-any': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
			],
		},
	},
	// the templates' Code node bodies (templates/code.ts): n8n runs each as the body of a function, with its own
	// globals; __NAME__ placeholders are filled by the generator
	{
		files: ['templates/code/**/*.js'],
		languageOptions: {
			sourceType: 'script',
			parserOptions: { ecmaFeatures: { globalReturn: true } },
			globals: {
				$: 'readonly',
				$input: 'readonly',
				$execution: 'readonly',
				$now: 'readonly',
				$getWorkflowStaticData: 'readonly',
				DateTime: 'readonly',
				__STORAGE_WARN_PERCENT__: 'readonly',
				__LEDGER_BYTES_PER_ROW__: 'readonly',
				__CALLBACKS_BYTES_PER_ROW__: 'readonly',
				__SALES_BYTES_PER_ROW__: 'readonly',
				// Node's own are not there in n8n's Code sandbox
				require: 'off',
				module: 'off',
				exports: 'off',
				process: 'off',
				Buffer: 'off',
				__dirname: 'off',
				__filename: 'off',
			},
		},
	},
	// test drivers and the setup command read arbitrary JSON (n8n's answers, workflow files); typing every one of
	// them buys nothing
	{
		files: ['tests/**/*.ts', 'setup/**/*.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' },
	},
);
