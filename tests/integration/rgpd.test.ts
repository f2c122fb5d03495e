import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/lib/server/audit';
import { upsertActors } from '../../src/lib/server/queries/actors';
import { erasePerson, expiredContacts, exportPerson, purgeExpiredContacts } from '../../src/lib/server/queries/contacts';
import { BACKENDS, openSeededTestDatabase } from '../helpers/backends';
import { actorFixture, actorIdsBySourceId } from '../helpers/fixtures';

const actor = actorFixture({ categorie_juridique: '9260', naf: null, tranche_effectifs: null, employeur: null });

describe.each(BACKENDS)('personal data (RGPD) on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openSeededTestDatabase>>;
	beforeAll(async () => {
		handle = await openSeededTestDatabase(backend, { territories: true });
		await upsertActors(handle.db, [actor(1, { nom: 'Asso A', source_id: 'a' }), actor(2, { nom: 'Asso B', source_id: 'b' })]);
		const ids = await actorIdsBySourceId(handle.db);
		const idOf = (s: string) => ids[s];
		const inserted = await handle.db
			.insertInto('contact')
			.values([
				{
					actor_id: idOf('a'),
					nom: 'Jeanne Test',
					role: 'Présidente',
					email: 'jeanne@example.org',
					telephone: '0353480000',
					base_legale: 'interet_legitime'
				},
				{
					actor_id: idOf('b'),
					nom: 'Jeanne Test',
					role: 'Trésorière',
					email: 'Jeanne@Example.org',
					telephone: null,
					base_legale: 'consentement'
				},
				{ actor_id: idOf('b'), nom: 'Paul Autre', role: null, email: 'paul@example.org', telephone: null, base_legale: 'consentement' }
			])
			.returning('id')
			.execute();
		await recordAudit(handle.db, null, {
			action: 'create',
			entity: 'contact',
			entityId: inserted[0].id,
			after: { nom: 'Jeanne Test', email: 'jeanne@example.org' }
		});
	});
	afterAll(async () => handle?.drop());

	it('exports everything about a person, whatever the case of the address', async () => {
		const data = await exportPerson(handle.db, { email: 'JEANNE@example.org' });
		expect(data.contacts.map((c) => c.actor).sort()).toEqual(['Asso A', 'Asso B']);
		expect(data.audit).toHaveLength(1);
	});

	it('erases a person and scrubs the audit log, leaving others alone', async () => {
		expect(await erasePerson(handle.db, { email: 'jeanne@example.org' })).toBe(2);
		expect((await exportPerson(handle.db, { email: 'jeanne@example.org' })).contacts).toEqual([]);
		const { rows } = await sql<{
			n: number;
		}>`SELECT count(*)::int AS n FROM audit_log WHERE before::text LIKE '%jeanne%' OR after::text LIKE '%jeanne%'`.execute(handle.db);
		expect(rows[0].n).toBe(0);
		expect((await exportPerson(handle.db, { nom: 'paul autre' })).contacts).toHaveLength(1);
	});

	it('purges the contacts of never-accompanied structures past the retention period only', async () => {
		expect(await expiredContacts(handle.db, 36)).toEqual([]);
		await handle.db
			.updateTable('contact')
			.set({ updated_at: new Date('2020-01-01') })
			.execute();
		expect(await purgeExpiredContacts(handle.db, 36)).toBe(1);
		expect(await handle.db.selectFrom('contact').select('id').execute()).toEqual([]);
	});
});
