// The journal's entries: each event worded with the names of what it is about, filtered by kind of
// event, the sign-ins apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editActor, upsertActors, actorForEdit } from '../../src/lib/server/queries/actors';
import { auditEntries, listAudit } from '../../src/lib/server/queries/audit-log';
import { addUser, changeUserAccess, signIn } from '../../src/lib/server/queries/users';
import { BACKENDS, openSeededTestDatabase } from '../helpers/backends';
import { actorFixture, actorIdsBySourceId } from '../helpers/fixtures';

const actor = actorFixture({ source: 'saisie' });

describe.each(BACKENDS)('the audit journal on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openSeededTestDatabase>>;
	beforeAll(async () => {
		handle = await openSeededTestDatabase(backend, { territories: true });
		await upsertActors(handle.db, [actor(1, { nom: 'Foyer rural de Château-Salins', adresse: '1 rue de la Gare' })]);
		const { t1 } = await actorIdsBySourceId(handle.db, 'saisie');
		const added = await addUser(handle.db, { email: 'marie.dupont@maillage.test', nom: 'Marie Dupont', role: 'admin' }, null, 'cli');
		if (!added.ok) throw new Error(added.message);
		const marie = { id: added.user.id, email: added.user.email };
		await signIn(handle.db, marie, 'test');
		const current = await actorForEdit(handle.db, t1);
		const edited = await editActor(
			handle.db,
			{ id: t1, version: current!.version, changes: { adresse: '3 rue de la Gare' }, departement: '57' },
			marie
		);
		if (!edited.ok) throw new Error(edited.message);
		const reader = await addUser(handle.db, { email: 'lucie@maillage.test', nom: 'Lucie Bernard', role: 'lecteur' }, marie);
		if (!reader.ok) throw new Error(reader.message);
		await changeUserAccess(handle.db, { id: reader.user.id, role: 'lecteur', disabled: true }, marie);
	}, 300_000);
	afterAll(async () => handle?.drop());

	it('words each change with the names of who did it and what it is about', async () => {
		const sentences = (await auditEntries(handle.db, { signIns: false })).map((e) => e.sentence);
		expect(sentences).toEqual([
			'Marie D. a désactivé le compte de Lucie B.',
			'Marie D. a créé le compte de Lucie B. (lecteur·rice)',
			'Marie D. a modifié l’adresse de Foyer rural de Château-Salins',
			'Le compte de Marie D. (administrateur·rice) a été créé en ligne de commande'
		]);
	});

	it('filters by kind of event, and keeps the sign-ins in their own list', async () => {
		const actors = await auditEntries(handle.db, { signIns: false, category: 'acteurs' });
		expect(actors.map((e) => [e.category, e.entity, e.action])).toEqual([['acteurs', 'actor', 'update']]);
		// Only what the user changed: not the sector the database derives from the NAF code, nor the
		// fields left alone.
		expect(JSON.parse(actors[0].before!)).toEqual({ adresse: '1 rue de la Gare' });
		expect(JSON.parse(actors[0].after!)).toEqual({ adresse: '3 rue de la Gare' });
		const accounts = await auditEntries(handle.db, { signIns: false, category: 'comptes' });
		expect(accounts.map((e) => e.action)).toEqual(['update', 'create', 'create']);
		const signIns = await auditEntries(handle.db, { signIns: true });
		expect(signIns.map((e) => [e.sentence, e.signIn])).toEqual([['Connexion de Marie D.', true]]);
		expect(await auditEntries(handle.db, { signIns: false, category: 'tournees' })).toEqual([]);
	});

	it('pages from an id, newest first', async () => {
		const all = await listAudit(handle.db, {});
		const older = await listAudit(handle.db, { beforeId: all[1].id });
		expect(older.map((r) => r.id)).toEqual(all.slice(2).map((r) => r.id));
	});
});
