// The command line runs in production without the development tools (issue 12, item 11): `npm run
// build` makes build/cli.js, which imports only Node's modules and the runtime dependencies, and
// runs with plain Node — tsx and TypeScript refused if anything asks for them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { csvText, sirenOf, sireneRow, siretOf } from '../fixtures/imports/builders';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../helpers/backends';
import { BUILT_CLI, runCli } from '../helpers/cli';
import { ensureBuilt } from '../helpers/coordinator';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-cli-build-'));
// Node refuses, in the CLI's process, any module of the development tools.
const guard = path.join(dir, 'no-dev-tools.mjs');
fs.writeFileSync(
	guard,
	`import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`
export async function resolve(specifier, context, next) {
	if (/^(tsx|typescript|esbuild|vite|vitest)(\\\\/|$)/.test(specifier)) throw new Error('outil de développement demandé : ' + specifier);
	return next(specifier, context);
}\`));
`
);
const prodEnv = { NODE_PATH: '', NODE_OPTIONS: `--import=${guard}`, MAILLAGE_DEMO: 'off' };

beforeAll(async () => {
	// The run's one build makes it with the app (a build of the app alone would empty build/).
	await ensureBuilt();
	if (!fs.existsSync(BUILT_CLI))
		execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'vite.cli.config.ts', '--logLevel', 'error'], {
			stdio: 'inherit'
		});
}, 300_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function bundleFiles(): string[] {
	const chunks = fs.existsSync('build/cli')
		? fs
				.readdirSync('build/cli')
				.filter((f) => f.endsWith('.js'))
				.map((f) => path.join('build/cli', f))
		: [];
	return [BUILT_CLI, ...chunks];
}

describe('the built command line', () => {
	it('imports only Node modules and runtime dependencies', () => {
		const allowed = new Set(Object.keys(pkg.dependencies));
		const specifiers = new Set<string>();
		for (const file of bundleFiles()) {
			const text = fs.readFileSync(file, 'utf8');
			for (const m of text.matchAll(
				/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/g
			))
				specifiers.add(m[1] ?? m[2] ?? m[3]);
		}
		const packageOf = (s: string) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]);
		const outside = [...specifiers].filter(
			(s) => !s.startsWith('.') && !s.startsWith('node:') && !builtinModules.includes(s) && !allowed.has(packageOf(s))
		);
		expect(outside).toEqual([]);
		// It is our code, bundled: not a loader of the TypeScript sources.
		expect([...specifiers].filter((s) => /\.ts$|^tsx|^typescript/.test(s))).toEqual([]);
		expect(specifiers).toContain('kysely');
	});

	it('answers --help with plain Node', async () => {
		const help = await runCli(['--help'], { mode: 'built', env: prodEnv });
		expect(help.stderr).toBe('');
		expect(help.code).toBe(0);
		expect(help.stdout).toMatch(/^Usage : npm run cli -- <commande>/);
		expect(help.stdout).toContain('demo --reset');
	});

	it('refuses the development tools in its process (the guard holds)', async () => {
		const result = await runCli([], { mode: 'source', env: prodEnv });
		expect(result.code).not.toBe(0);
		expect(result.stderr).toContain('outil de développement demandé : tsx');
	});
});

describe.each(BACKENDS)('the built command line on %s', (backend) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await createTestDatabase(backend, path.join(dir, `pglite-${backend}`));
	});
	afterAll(async () => database?.drop());

	it('migrates a new database, adds a user, says where it stands and imports a file', { timeout: 600_000 }, async () => {
		const migrate = await runCli(['migrate'], { mode: 'built', database, env: prodEnv });
		expect(migrate.stderr).toBe('');
		expect(migrate.code).toBe(0);
		expect(migrate.stdout).toMatch(/Migrations appliquées : 0001_territory, .*0010_app_state/);
		expect(migrate.stdout).toContain(`(${backend})`);

		const add = await runCli(
			['user', 'add', '--email', 'lecteur@example.org', '--role', 'lecteur', '--password', 'un-mot-de-passe-assez-long'],
			{ mode: 'built', database, env: prodEnv }
		);
		expect(add.stderr).toBe('');
		expect(add.stdout).toContain('Compte lecteur@example.org (lecteur) créé');

		const status = await runCli(['demo', '--status'], { mode: 'built', database, env: prodEnv });
		expect(JSON.parse(status.stdout)).toEqual({ state: 'never', since: null });

		// The file is read in a worker thread: the built one (build/import-worker.js), without tsx.
		const siren = sirenOf(424_242);
		const sirene = path.join(dir, `sirene-${backend}.csv`);
		fs.writeFileSync(sirene, csvText([sireneRow({ siren, siret: siretOf(siren), denominationUniteLegale: 'CENTRE SOCIAL DE BORNY' })]));
		const imported = await runCli(['import', sirene], { mode: 'built', database, env: prodEnv });
		expect(imported.code, imported.stderr).toBe(0);
		expect(JSON.parse(imported.stdout)).toMatchObject({ read: 1, imported: 1, rejected: 0 });
	});
});
