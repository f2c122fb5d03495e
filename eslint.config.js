// ESLint: JavaScript and TypeScript recommended rules, Svelte's, and Prettier's hand-off (layout is
// Prettier's job). Type-aware rules are left to svelte-check (npm run check).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', 'static/', 'tests/artifacts/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	},
	{
		rules: {
			// Maillage is served at the root (no `paths.base`): resolve() would add nothing to its links.
			'svelte/no-navigation-without-resolve': 'off',
			// The view's state lives in the URL (src/lib/view): the Sets, Maps and URLSearchParams in
			// components are local copies made to compute the next URL or a derived value, never state.
			'svelte/prefer-svelte-reactivity': 'off',
			// `_`-prefixed names are deliberately unused (destructuring, callback signatures).
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }]
		}
	}
);
