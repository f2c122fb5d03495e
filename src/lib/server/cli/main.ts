// Maillage's command line: `npm run cli -- <commande> [options]`.
// Runs outside SvelteKit, against the same database as the server (DATABASE_URL or PGlite): built
// with the app into build/cli.js (vite.cli.config.ts) for production, run through tsx in development.
import { readConfig } from '../config';
import { createPgliteTemplate, currentMigration, migrateToLatest, openDatabase } from '../db/client';
import { countLevels, importTerritories } from '../territories/import';
import { parseArgs } from 'node:util';
import fs from 'node:fs/promises';
import path from 'node:path';
import { prepareDatabase } from '../db/index';
import { runImport } from '../importer';
import { IMPORT_FORMATS, ImportFileError, RejectionReport, type ImportFormat } from '../imports/index';
import { ROLES, type Role } from '../../domain/roles';
import { passwordSchema } from '../auth/crypto';
import { addUser, listUsers } from '../queries/users';
import { userCreateSchema } from '../../schemas/user';
import { clearDemo, demoState, loadDemo } from '../demo/load';
import { erasePerson, expiredContacts, exportPerson, purgeExpiredContacts, RETENTION_MONTHS } from '../queries/contacts';
import { loadCogDepartement } from '../territories/cog';
import { syncCollectivites } from '../territories/collectivites';

type Command = (args: string[]) => Promise<void>;

const commands: Record<string, { help: string; run: Command }> = {
	migrate: {
		help: 'migrate                     applique les migrations en attente',
		run: async () => {
			const config = readConfig();
			const handle = await openDatabase(config);
			try {
				const result = await migrateToLatest(handle.db);
				const applied = result.results?.map((r) => r.migrationName) ?? [];
				console.log(applied.length ? `Migrations appliquées : ${applied.join(', ')}` : 'Base à jour');
				console.log(`Version : ${await currentMigration(handle.db)} (${handle.backend})`);
			} finally {
				await handle.close();
			}
		}
	},
	'pglite-template': {
		help: 'pglite-template             prépare le modèle des nouvelles bases PGlite (npm run build le fait)',
		run: async () => {
			const started = performance.now();
			const dir = await createPgliteTemplate(readConfig().pgliteTemplate);
			console.log(`Modèle des nouvelles bases PGlite : ${dir} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
		}
	},
	territories: {
		help: 'territories import          (ré)importe le référentiel territorial du département configuré',
		run: async (args) => {
			if (args[0] !== 'import') throw new UsageError('usage : territories import');
			const config = readConfig();
			const handle = await openDatabase(config);
			try {
				await migrateToLatest(handle.db);
				const report = await importTerritories(handle.db, config, (m) => console.error(m));
				const collectivites = await syncCollectivites(handle.db, await loadCogDepartement(config.departement));
				console.error(`Collectivités : ${JSON.stringify(collectivites)}`);
				for (const w of report.warnings) console.error(`Attention : ${w}`);
				console.log(
					JSON.stringify({
						counts: report.counts,
						changed: report.changed,
						remapped: report.remapped,
						unplaced: report.unplaced,
						missing: report.missing,
						durationMs: report.durationMs
					})
				);
			} finally {
				await handle.close();
			}
		}
	},
	user: {
		help: 'user add --email E --role admin|charge_mission|lecteur [--nom N] [--password P]   crée un compte\n  user list                   liste les comptes',
		run: async (args) => {
			const [sub, ...rest] = args;
			const config = readConfig();
			const handle = await openDatabase(config);
			try {
				await migrateToLatest(handle.db);
				if (sub === 'list') {
					for (const u of await listUsers(handle.db)) console.log(`${u.email}\t${u.role}${u.disabled ? '\tdésactivé' : ''}`);
					return;
				}
				if (sub !== 'add') throw new UsageError('usage : user add --email … --role … | user list');
				const { values } = parseArgs({
					args: rest,
					options: { email: { type: 'string' }, role: { type: 'string' }, nom: { type: 'string' }, password: { type: 'string' } }
				});
				const parsed = userCreateSchema.safeParse({ email: values.email, role: values.role ?? 'admin', nom: values.nom ?? '' });
				if (!parsed.success)
					throw new UsageError(
						parsed.error.issues.map((i) => `--${i.path.join('.')} : ${i.message}`).join(' ; ') + ` (rôles : ${ROLES.join(', ')})`
					);
				if (values.password !== undefined) {
					const check = passwordSchema.safeParse(values.password);
					if (!check.success) throw new UsageError(`--password : ${check.error.issues[0].message}`);
				}
				const added = await addUser(handle.db, { ...parsed.data, role: parsed.data.role as Role, password: values.password }, null, 'cli');
				if (!added.ok) throw new Error(added.message);
				const { user, password } = added;
				console.log(
					values.password === undefined
						? `Compte ${user.email} (${user.role}) créé ; mot de passe à usage unique : ${password}`
						: `Compte ${user.email} (${user.role}) créé`
				);
			} finally {
				await handle.close();
			}
		}
	},
	import: {
		help: 'import <fichier> [--format sirene|rna|accompaniments|csv|xlsx|geojson] [--dry-run] [--report rejets.csv]   importe un fichier',
		run: async (args) => {
			const { values, positionals } = parseArgs({
				args,
				allowPositionals: true,
				options: { format: { type: 'string' }, 'dry-run': { type: 'boolean' }, report: { type: 'string' } }
			});
			const file = positionals[0];
			if (!file) throw new UsageError('usage : import <fichier> [--format …] [--dry-run] [--report rejets.csv]');
			if (values.format && !(IMPORT_FORMATS as readonly string[]).includes(values.format))
				throw new UsageError(`--format : ${IMPORT_FORMATS.join(', ')}`);
			try {
				await fs.access(file);
			} catch {
				console.error(`Erreur : fichier illisible : ${file}`);
				process.exit(1);
			}
			const config = readConfig();
			// Never the demo: a brand-new database receiving a file is a real one.
			const handle = await prepareDatabase(config, () => {}, { firstStartDemo: false });
			const tty = process.stderr.isTTY;
			const t0 = performance.now();
			try {
				const result = await runImport(handle.db, file, {
					fileName: path.basename(file),
					departement: config.departement,
					format: values.format as ImportFormat | undefined,
					dryRun: values['dry-run'],
					onProgress: (s) => {
						if (tty)
							process.stderr.write(`\r${progressBar(s.read)} ${s.read.toLocaleString('fr-FR')} lignes lues, ${s.rejected} rejetée(s)   `);
					}
				});
				if (tty) process.stderr.write('\n');
				if (values.report) {
					const report = new RejectionReport(values.report);
					for (const r of result.rejections) await report.add(r);
					await report.close();
					console.error(`Rapport des lignes rejetées : ${values.report} (${result.rejections.length})`);
				}
				const { read, imported, updated, unchanged, skipped, rejected } = result.summary;
				console.error(
					`Format ${result.format}${values['dry-run'] ? ' (essai à blanc : rien n’est écrit)' : ''} ; ${Math.round(performance.now() - t0)} ms ; ignorées : ${JSON.stringify(result.summary.skippedByReason)}`
				);
				console.log(JSON.stringify({ read, imported, updated, unchanged, skipped, rejected }));
			} catch (error) {
				if (error instanceof ImportFileError) {
					console.error(`Erreur : ${error.message}`);
					process.exit(1);
				}
				throw error;
			} finally {
				await handle.close();
			}
		}
	},
	demo: {
		help: 'demo --reset | --clear | --status   reconstruit les données de démonstration, ou les retire pour de bon (les données importées restent)',
		run: async (args) => {
			const { values } = parseArgs({
				args,
				options: { reset: { type: 'boolean' }, clear: { type: 'boolean' }, status: { type: 'boolean' }, seed: { type: 'string' } }
			});
			if ([values.reset, values.clear, values.status].filter(Boolean).length !== 1)
				throw new UsageError('usage : demo --reset | demo --clear | demo --status');
			const config = readConfig();
			const handle = await openDatabase(config);
			try {
				await migrateToLatest(handle.db);
				if (values.status) {
					const { state, since } = await demoState(handle.db);
					console.log(JSON.stringify({ state, since }));
					return;
				}
				if (values.clear) {
					console.log(`Données de démonstration retirées : ${await clearDemo(handle.db)} acteurs`);
					return;
				}
				const t0 = performance.now();
				const summary = await loadDemo(handle.db, config.departement, new Date(), values.seed ? Number(values.seed) : undefined);
				console.log(JSON.stringify({ ...summary, ms: Math.round(performance.now() - t0) }));
			} finally {
				await handle.close();
			}
		}
	},
	contact: {
		help: 'contact export|erase --email E | --nom N   RGPD : tout ce qui concerne une personne, ou son effacement\n  contact purge [--dry-run]   applique la durée de conservation (MAILLAGE_RETENTION_MOIS, 36 par défaut)',
		run: async (args) => {
			const [sub, ...rest] = args;
			const { values } = parseArgs({
				args: rest,
				options: { email: { type: 'string' }, nom: { type: 'string' }, 'dry-run': { type: 'boolean' } }
			});
			const config = readConfig();
			const handle = await openDatabase(config);
			try {
				await migrateToLatest(handle.db);
				if (sub === 'export') console.log(JSON.stringify(await exportPerson(handle.db, values), null, 2));
				else if (sub === 'erase') console.log(`Contacts effacés : ${await erasePerson(handle.db, values)}`);
				else if (sub === 'purge') {
					if (values['dry-run'])
						console.log(`Contacts au-delà de ${RETENTION_MONTHS} mois : ${(await expiredContacts(handle.db, RETENTION_MONTHS)).length}`);
					else
						console.log(
							`Contacts supprimés (conservation ${RETENTION_MONTHS} mois) : ${await purgeExpiredContacts(handle.db, RETENTION_MONTHS)}`
						);
				} else throw new UsageError('usage : contact export|erase --email … | contact purge [--dry-run]');
			} finally {
				await handle.close();
			}
		}
	},
	status: {
		help: 'status                      base utilisée, version du schéma, nombre de territoires',
		run: async () => {
			const config = readConfig();
			const handle = await openDatabase(config);
			try {
				await migrateToLatest(handle.db);
				console.log(
					JSON.stringify({
						backend: handle.backend,
						migration: await currentMigration(handle.db),
						departement: config.departement,
						counts: await countLevels(handle.db, config.departement)
					})
				);
			} finally {
				await handle.close();
			}
		}
	}
};

class UsageError extends Error {}

/** A spinner-like bar for streams of unknown length: a block per 10,000 rows, on a 30-wide track. */
function progressBar(read: number): string {
	const filled = Math.floor(read / 10_000) % 31;
	return `[${'█'.repeat(filled)}${'·'.repeat(30 - filled)}]`;
}

export function registerCommand(name: string, help: string, run: Command) {
	commands[name] = { help, run };
}

function usage(): string {
	return ['Usage : npm run cli -- <commande>', '', ...Object.values(commands).map((c) => `  ${c.help}`)].join('\n');
}

async function main(argv: string[]) {
	const [name, ...args] = argv;
	if (name === '--help' || name === '-h' || name === 'help') {
		console.log(usage());
		return;
	}
	const command = name ? commands[name] : undefined;
	if (!command) {
		console.error(usage());
		process.exit(name ? 2 : 0);
	}
	try {
		await command.run(args);
	} catch (error) {
		console.error(error instanceof UsageError ? `${error.message}\n\n${usage()}` : `Erreur : ${(error as Error).message}`);
		process.exit(error instanceof UsageError ? 2 : 1);
	}
}

await main(process.argv.slice(2));
