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
	// test drivers and the setup command read arbitrary JSON (n8n's answers, workflow files); typing every one of
	// them buys nothing
	{
		files: ['tests/**/*.ts', 'setup/**/*.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' },
	},
);
