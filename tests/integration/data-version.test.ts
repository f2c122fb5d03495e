// The data version moves with every write to the data behind figures, and only then.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DataVersionCache, dataVersion } from '../../src/lib/server/data-version';
import { BACKENDS, openTestDatabase } from '../helpers/backends';

describe.each(BACKENDS)('data version on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openTestDatabase>>;
	beforeAll(async () => {
		handle = await openTestDatabase(backend);
	});
	afterAll(async () => handle?.drop());

	it('is bumped once per writing statement on a tracked table, not by sessions or the audit log', async () => {
		const { db } = handle;
		const v0 = await dataVersion(db);
		await db
			.insertInto('naf_sector')
			.values([
				{ division: '93', secteur: 'sport_loisirs' },
				{ division: '90', secteur: 'culture' }
			])
			.execute();
		const v1 = await dataVersion(db);
		expect(v1).toBe(v0 + 1);
		await db.updateTable('naf_sector').set({ secteur: 'culture' }).where('division', '=', '93').execute();
		await db.deleteFrom('naf_sector').where('division', '=', '93').execute();
		expect(await dataVersion(db)).toBe(v1 + 2);
		await sql`INSERT INTO audit_log (action, entity) VALUES ('login', 'app_user')`.execute(db);
		expect(await dataVersion(db)).toBe(v1 + 2);
		// A rolled-back write leaves it where it was.
		await db
			.transaction()
			.execute(async (tx) => {
				await tx.insertInto('naf_sector').values({ division: '91', secteur: 'culture' }).execute();
				throw new Error('annulé');
			})
			.catch(() => undefined);
		expect(await dataVersion(db)).toBe(v1 + 2);
	});

	it('empties a cache when the data changes, and shares a computation between concurrent callers', async () => {
		const { db } = handle;
		const cache = new DataVersionCache<number>();
		let computed = 0;
		const compute = async () => ++computed;
		const [a, b] = await Promise.all([cache.get(db, 'k', compute), cache.get(db, 'k', compute)]);
		expect([a, b, computed]).toEqual([1, 1, 1]);
		expect(await cache.get(db, 'k', compute)).toBe(1);
		await db.insertInto('naf_sector').values({ division: '88', secteur: 'social' }).execute();
		expect(await cache.get(db, 'k', compute)).toBe(2);
	});
});
