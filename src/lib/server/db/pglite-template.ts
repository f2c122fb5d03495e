// A new embedded database starts as a copy of a template made by `npm run build`: a PGlite data
// directory already initialised, with the extensions created. Of the 12 s of a first start, the
// template saves the creation of the cluster (2.5 s) and CREATE EXTENSION postgis (4 s); the
// migrations, the territories and the demonstration still run as on any first start. Without a
// template (`vite dev`, no build), a new database is created as before.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The installed version of a package (its package.json is not among its exports). */
function installedVersion(name: string): string {
	for (let dir = path.dirname(require.resolve(name)); ; dir = path.dirname(dir)) {
		const file = path.join(dir, 'package.json');
		if (fs.existsSync(file)) {
			const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
			if (manifest.name === name && manifest.version) return manifest.version;
		}
		if (path.dirname(dir) === dir) throw new Error(`version de ${name} introuvable`);
	}
}

/**
 * The template's folder under `root` for the installed PGlite and PostGIS: a template made by
 * other versions is never used, its files would not be theirs.
 */
export function pgliteTemplateDir(root: string): string {
	return path.join(root, `pglite-${installedVersion('@electric-sql/pglite')}-postgis-${installedVersion('@electric-sql/pglite-postgis')}`);
}

/** Whether `dir` holds a database cluster (PGlite writes PG_VERSION when it creates one). */
export function holdsCluster(dir: string): boolean {
	return fs.existsSync(path.join(dir, 'PG_VERSION'));
}

/**
 * Copies the template into `dir` when `dir` is a database still to be created (absent or empty)
 * and a template exists for the installed versions; true when it did.
 */
export function startFromTemplate(root: string, dir: string): boolean {
	if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) return false;
	const template = pgliteTemplateDir(root);
	if (!holdsCluster(template)) return false;
	fs.mkdirSync(path.dirname(dir), { recursive: true });
	fs.cpSync(template, dir, { recursive: true });
	return true;
}
