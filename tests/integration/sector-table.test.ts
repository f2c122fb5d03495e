// The NAF → sector table has one runtime source (issue 13): the data/sectors.json of the
// configuration folder, read at start. A sector added there is accepted by the import/edit
// validation and the gap query, labelled and found from its NAF code, with no rebuild — and the
// database's naf_sector holds the same table. A first start imports the territories: slow on PGlite under load.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SECTOR_TABLE, isSectorCode, sectorLabel, sectorOfNaf, useSectorTable } from '../../src/lib/domain/sectors';
import { actorSchema } from '../../src/lib/schemas/actor';
import { parseGapQuery } from '../../src/lib/schemas/gap-query';
import { prepareDatabase } from '../../src/lib/server/db/index';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../helpers/backends';
import { testConfig } from '../helpers/config';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-sectors-'));
const configDir = path.join(dir, 'config');
fs.cpSync('data', configDir, { recursive: true });
// « Numérique » takes divisions 62-63 from « Information et communication ».
const table = JSON.parse(fs.readFileSync(path.join(configDir, 'sectors.json'), 'utf8'));
table.sectors = table.sectors.map((s: { code: string; divisions: string[] }) =>
	s.code === 'information' ? { ...s, divisions: ['58-61'] } : s
);
table.sectors.push({ code: 'numerique', label: 'Numérique', divisions: ['62-63'] });
fs.writeFileSync(path.join(configDir, 'sectors.json'), JSON.stringify(table));

const databases: TestDatabase[] = [];
afterAll(async () => {
	useSectorTable(DEFAULT_SECTOR_TABLE);
	for (const d of databases) await d.drop();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(BACKENDS)('a sector added to the configuration folder on %s', (backend) => {
	it('is accepted by the validation, labelled and mapped from its NAF code once the server has started', { timeout: 300_000 }, async () => {
		useSectorTable(DEFAULT_SECTOR_TABLE);
		const actor = { kind: 'structure_ess', nom: 'Coopérative numérique', commune_code: '57463', source: 'saisie', secteur: 'numerique' };
		// The bundled table (what a build knows) refuses it.
		expect(actorSchema.safeParse(actor).success).toBe(false);

		const database = await createTestDatabase(backend, fs.mkdtempSync(path.join(dir, 'pglite-')));
		databases.push(database);
		const handle = await prepareDatabase(
			testConfig({ MAILLAGE_CONFIG_DIR: configDir, MAILLAGE_PGLITE_DIR: database.pgliteDir, DATABASE_URL: database.url ?? '' }),
			() => {},
			{ firstStartDemo: false }
		);
		try {
			expect(actorSchema.parse(actor)).toMatchObject({ secteur: 'numerique' });
			expect(isSectorCode('numerique')).toBe(true);
			expect(sectorLabel('numerique')).toBe('Numérique');
			expect(sectorOfNaf('62.01Z')).toBe('numerique');
			expect(sectorOfNaf('58.11Z')).toBe('information');
			const query = parseGapQuery(new URLSearchParams({ level: 'epci', sector: 'numerique' }));
			expect(query.success).toBe(true);
			// The database's table is the same one.
			const row = await handle.db.selectFrom('naf_sector').select('secteur').where('division', '=', '62').executeTakeFirst();
			expect(row?.secteur).toBe('numerique');
		} finally {
			await handle.close();
		}
	});
});
