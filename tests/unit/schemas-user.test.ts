// Account addresses: every address a mail server would take, local domains included (issue 12, 1).
import { describe, expect, it } from 'vitest';
import { accountEmailSchema, userCreateSchema } from '../../src/lib/schemas/user';

describe('accountEmailSchema', () => {
	it('accepts local domains and every usual form of address', () => {
		for (const email of [
			'admin@localhost',
			'agent@intranet',
			'prenom.nom@cojep.fr',
			'prenom.nom+dla@sous.domaine.example.org',
			"o'brien@example.com",
			'x@[192.0.2.10]',
			'"deux mots"@localhost',
			'élodie@collectivité.fr',
			'a-b_c@mail-server-1'
		]) {
			expect({ email, ok: accountEmailSchema.safeParse(email).success }).toEqual({ email, ok: true });
		}
	});

	it('trims and lowers the case, so that an account has one spelling', () => {
		expect(accountEmailSchema.parse('  Admin@LocalHost ')).toBe('admin@localhost');
	});

	it('refuses what no mail server would take, in French', () => {
		for (const email of [
			'admin',
			'admin@',
			'@localhost',
			'a b@localhost',
			'a..b@localhost',
			'.a@localhost',
			'a.@localhost',
			'a@-localhost',
			'a@localhost-',
			'a@local..host',
			'a@b@c',
			`${'a'.repeat(65)}@localhost`,
			`a@${'b'.repeat(250)}.fr`
		]) {
			const result = accountEmailSchema.safeParse(email);
			expect({ email, ok: result.success }).toEqual({ email, ok: false });
			expect(result.error!.issues[0].message).toMatch(/^adresse électronique (invalide|trop longue)$/);
		}
	});

	it('is the rule of the admin form and the CLI (userCreateSchema)', () => {
		expect(userCreateSchema.parse({ email: 'admin@localhost', role: 'admin' }).email).toBe('admin@localhost');
	});
});
