// Authentication and roles through the real server: login, logout, rate limit, CSRF, role matrix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/lib/domain/roles';
import { MUTATIONS } from '../../src/lib/server/auth/permissions';
import { ADMIN, login, startServer, type RunningServer } from '../helpers/server';

const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

describe('authentication through the server (PGlite)', () => {
	let server: RunningServer;
	let admin: string;
	const accounts = {} as Record<Role, { email: string; password: string; cookie: string }>;

	async function post(path: string, cookie: string | null, body: Record<string, string> = {}, origin?: string) {
		return fetch(`${server.url}${path}`, {
			method: 'POST',
			redirect: 'manual',
			headers: { ...FORM, origin: origin ?? server.url, ...(cookie ? { cookie } : {}) },
			body: new URLSearchParams(body)
		});
	}

	beforeAll(async () => {
		server = await startServer('pglite');
		admin = await login(server);
		for (const role of ROLES) {
			const email = `role-${role}@maillage.test`;
			const created = await post('/admin/utilisateurs?/create', admin, { email, nom: role, role });
			const html = await created.text();
			const oneTime = html.match(/à transmettre : ([\w-]+)/)?.[1];
			if (!oneTime) throw new Error(`création de ${email} : ${created.status}`);
			const first = await login(server, email, oneTime);
			const password = `nouveau-mot-de-passe-${role}`;
			const changed = await post('/compte?/password', first, { current: oneTime, password, confirm: password });
			expect(changed.status).toBe(200);
			accounts[role] = { email, password, cookie: await login(server, email, password) };
		}
	});
	afterAll(async () => server?.stop());

	it('sends a new account to change its one-time password before anything else', async () => {
		const created = await post('/admin/utilisateurs?/create', admin, { email: 'nouveau@maillage.test', role: 'lecteur' });
		const oneTime = (await created.text()).match(/à transmettre : ([\w-]+)/)![1];
		const cookie = await login(server, 'nouveau@maillage.test', oneTime);
		// A browser opening a page is sent to the account page (other requests get a 403: auth-hardening).
		const page = await fetch(`${server.url}/`, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
		expect(page.status).toBe(303);
		expect(page.headers.get('location')).toBe('/compte?premiere=1');
	});

	it('applies the role matrix to every mutating endpoint', async () => {
		const expected: Record<Role, (p: string) => boolean> = {
			admin: () => true,
			charge_mission: (p) => p !== 'admin',
			lecteur: (p) => p === 'read'
		};
		const harmless = new Set(['POST /logout', 'POST /compte?/logoutEverywhere', 'POST /compte?/password']);
		for (const [route, permission] of Object.entries(MUTATIONS)) {
			if (harmless.has(route)) continue;
			const [method, path] = route.split(' ');
			const url = path.replace(/\[(\w+)\]/g, '0');
			for (const role of ROLES) {
				const response = await fetch(`${server.url}${url}`, {
					method,
					redirect: 'manual',
					headers: { ...FORM, origin: server.url, cookie: accounts[role].cookie },
					body: new URLSearchParams({ id: '0' })
				});
				const allowed = expected[role](permission);
				expect({ route, role, forbidden: response.status === 403 }).toEqual({ route, role, forbidden: !allowed });
			}
		}
		// A mutation nobody listed is refused to everyone but admins.
		for (const role of ROLES) {
			const response = await post('/api/territories', accounts[role].cookie);
			expect({ role, status: response.status === 403 }).toEqual({ role, status: role !== 'admin' });
		}
	});

	it('shows the audit log and its export to admins only', async () => {
		for (const role of ROLES) {
			const page = await fetch(`${server.url}/admin/journal`, { headers: { cookie: accounts[role].cookie }, redirect: 'manual' });
			expect({ role, status: page.status }).toEqual({ role, status: role === 'admin' ? 200 : 403 });
		}
		const bytes = Buffer.from(
			await (await fetch(`${server.url}/admin/journal/export?entite=app_user`, { headers: { cookie: admin } })).arrayBuffer()
		);
		// A UTF-8 BOM first (Excel), then the header; fetch's text() would hide the BOM.
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const csv = bytes.toString('utf8');
		expect(csv.slice(1, 30)).toBe('date;utilisateur;action;objet');
		expect(csv).toContain(';create;app_user;');
		expect(csv).toContain('role-lecteur@maillage.test');
	});

	it('logs out: the session cookie no longer opens anything', async () => {
		const cookie = await login(server, accounts.lecteur.email, accounts.lecteur.password);
		expect((await fetch(`${server.url}/api/territories?level=zone`, { headers: { cookie } })).status).toBe(200);
		const out = await post('/logout', cookie);
		expect(out.status).toBe(303);
		expect((await fetch(`${server.url}/api/territories?level=zone`, { headers: { cookie } })).status).toBe(401);
	});

	it('logs out everywhere', async () => {
		const a = await login(server, accounts.charge_mission.email, accounts.charge_mission.password);
		const b = await login(server, accounts.charge_mission.email, accounts.charge_mission.password);
		await post('/compte?/logoutEverywhere', a);
		expect((await fetch(`${server.url}/api/territories?level=zone`, { headers: { cookie: b } })).status).toBe(401);
	});

	it('limits login attempts: after 5 failures even the right password waits', async () => {
		const email = accounts.lecteur.email;
		for (let i = 0; i < 5; i++) expect((await post('/login', null, { email, password: 'faux' })).status).toBe(400);
		const blocked = await post('/login', null, { email, password: accounts.lecteur.password });
		expect(blocked.status).toBe(429);
		expect(await blocked.text()).toContain('Trop de tentatives');
	});

	it('rejects a cross-origin form post (CSRF)', async () => {
		const response = await post('/login', null, { email: ADMIN.email, password: ADMIN.password }, 'https://evil.example');
		expect(response.status).toBe(403);
		const withSession = await post('/compte?/logoutEverywhere', admin, {}, 'https://evil.example');
		expect(withSession.status).toBe(403);
		expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
	});

	it('resets a password with a one-time link printed to the server log', async () => {
		await post('/mot-de-passe-oublie', null, { email: accounts.charge_mission.email });
		const link = server.output().match(/Lien de réinitialisation pour role-charge_mission@maillage\.test \(valable 1 h\) : (\S+)/)?.[1];
		expect(link).toBeDefined();
		const path = new URL(link!).pathname;
		const reset = await post(path, null, { password: 'mot-de-passe-tout-neuf', confirm: 'mot-de-passe-tout-neuf' });
		expect(reset.status).toBe(303);
		expect(await login(server, accounts.charge_mission.email, 'mot-de-passe-tout-neuf')).toMatch(/^maillage_session=/);
		const again = await post(path, null, { password: 'encore-un-autre-mdp', confirm: 'encore-un-autre-mdp' });
		expect(again.status).toBe(410);
	});

	it('sends security headers and a CSP that keeps scripts to our origin', async () => {
		const response = await fetch(`${server.url}/login`);
		const csp = response.headers.get('content-security-policy') ?? '';
		expect(csp).toMatch(/script-src 'self' 'nonce-/);
		expect(csp).toContain("frame-ancestors 'none'");
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
	});
});
