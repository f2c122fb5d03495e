// Issue 12, items 1, 3, 4 and 8 through the real built server, on each backend: local-domain
// addresses, the `suite` redirect, a login limit that parallel requests cannot race, what a reader
// and a user with a one-time password can reach, and the headers every response carries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { ADMIN, startServer, type RunningServer } from '../helpers/server';

const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
// As behind a TLS proxy: the server speaks http, ORIGIN says what users see (and asks for HSTS).
const PUBLIC_ORIGIN = 'https://maillage.example';

describe.each(BACKENDS)('authentication hardening on %s', (backend) => {
	let server: RunningServer;
	let admin: string;
	let reader: string;
	let tripId: number;
	// Each test comes from its own client address (X-Forwarded-For, read because of
	// ADDRESS_HEADER), so that one test's failures do not block the next.
	let addressCounter = 0;
	const nextAddress = () => `198.51.100.${++addressCounter}`;

	const post = (path: string, cookie: string | null, body: Record<string, string>, address = '203.0.113.1') =>
		fetch(`${server.url}${path}`, {
			method: 'POST',
			redirect: 'manual',
			headers: { ...FORM, origin: PUBLIC_ORIGIN, 'x-forwarded-for': address, ...(cookie ? { cookie } : {}) },
			body: new URLSearchParams(body)
		});
	const get = (path: string, cookie: string | null, headers: Record<string, string> = {}) =>
		fetch(`${server.url}${path}`, { redirect: 'manual', headers: { ...(cookie ? { cookie } : {}), ...headers } });

	async function login(email = ADMIN.email, password = ADMIN.password): Promise<string> {
		const response = await post('/login', null, { email, password }, nextAddress());
		const cookie = response.headers.get('set-cookie')?.match(/maillage_session=[^;]+/)?.[0];
		if (response.status !== 303 || !cookie) throw new Error(`Connexion de ${email} refusée (HTTP ${response.status})`);
		return cookie;
	}

	/** Creates an account from the admin form; returns its one-time password. */
	async function createAccount(
		email: string,
		role: string,
		nom = ''
	): Promise<{ status: number; oneTime: string | undefined; html: string }> {
		const created = await post('/admin/utilisateurs?/create', admin, { email, nom, role });
		const html = await created.text();
		return { status: created.status, oneTime: html.match(/à transmettre : ([\w-]+)/)?.[1], html };
	}

	beforeAll(async () => {
		server = await startServer(backend, { ADDRESS_HEADER: 'x-forwarded-for', ORIGIN: PUBLIC_ORIGIN });
		admin = await login();
		const account = await createAccount('lecteur@maillage.test', 'lecteur', 'Léa Lectrice');
		const first = await login('lecteur@maillage.test', account.oneTime!);
		await post('/compte?/password', first, {
			current: account.oneTime!,
			password: 'lecteur-mot-de-passe',
			confirm: 'lecteur-mot-de-passe'
		});
		reader = await login('lecteur@maillage.test', 'lecteur-mot-de-passe');
		const actors = await (await get('/api/actors?kind=structure_ess&par=3', admin)).json();
		const ids = actors.rows.slice(0, 3).map((a: { id: number }) => a.id);
		const trip = await fetch(`${server.url}/api/trips`, {
			method: 'POST',
			headers: { cookie: admin, origin: PUBLIC_ORIGIN, 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'Tournée de test', date_start: '2026-12-01', actor_ids: ids })
		});
		expect(trip.status).toBe(201);
		tripId = (await trip.json()).id;
	});
	afterAll(async () => server?.stop());

	describe('addresses on a local domain (item 1)', () => {
		it('are accepted by the admin user form, the login form and the password-reset form', async () => {
			const account = await createAccount('agent@localhost', 'charge_mission');
			expect(account.status, account.html.slice(0, 300)).toBe(200);
			expect(account.oneTime).toBeDefined();
			const cookie = await login('Agent@LOCALHOST', account.oneTime!);
			expect(cookie).toMatch(/^maillage_session=/);
			await post('/mot-de-passe-oublie', null, { email: 'agent@localhost' });
			expect(server.output()).toMatch(/Lien de réinitialisation pour agent@localhost \(valable 1 h\) : \S+\/reinitialiser\/\S+/);
		});

		it('still refuses what no mail server would take', async () => {
			for (const email of ['agent', 'agent@', '@localhost', 'a b@localhost', 'agent@-localhost', 'agent@local..host', 'a..b@localhost']) {
				const response = await post('/login', null, { email, password: 'peu importe' }, nextAddress());
				expect({ email, status: response.status }).toEqual({ email, status: 400 });
				expect(await response.text()).toContain('adresse électronique invalide');
			}
		});
	});

	describe('the suite parameter (item 3)', () => {
		const hostile = [
			'/%09/evil.example/x',
			'/%0A/evil.example/x',
			'/%0D/evil.example/x',
			'//evil.example/x',
			'/%5Cevil.example/x',
			'https%3A%2F%2Fevil.example',
			'/.//evil.example'
		];

		it('never leads a signed-in user off the site, and never fails', async () => {
			for (const suite of hostile) {
				const response = await get(`/login?suite=${suite}`, admin);
				expect({ suite, status: response.status, location: response.headers.get('location') }).toEqual({
					suite,
					status: 303,
					location: '/'
				});
			}
			const local = await get(`/login?suite=${encodeURIComponent('/gaps?niveau=epci#matrice')}`, admin);
			expect(local.headers.get('location')).toBe('/gaps?niveau=epci#matrice');
		});

		it('never leads a user who just signed in off the site', async () => {
			const address = nextAddress();
			for (const suite of hostile) {
				const response = await post(`/login?suite=${suite}`, null, { email: ADMIN.email, password: ADMIN.password }, address);
				expect({ suite, status: response.status, location: response.headers.get('location') }).toEqual({
					suite,
					status: 303,
					location: '/'
				});
			}
			const local = await post(
				`/login?suite=${encodeURIComponent('/trips?x=1')}`,
				null,
				{ email: ADMIN.email, password: ADMIN.password },
				address
			);
			expect(local.headers.get('location')).toBe('/trips?x=1');
		});

		it('sends a visitor to the login page with a suite that is a path of the site', async () => {
			const response = await get('//evil.example/x', null, { accept: 'text/html' });
			expect(response.status).toBe(303);
			const suite = new URL(response.headers.get('location')!, server.url).searchParams.get('suite');
			expect(suite === null || (suite.startsWith('/') && !suite.startsWith('//'))).toBe(true);
		});
	});

	describe('the login limit (item 4)', () => {
		it('checks at most 5 passwords of one account, however many arrive at once', async () => {
			const account = await createAccount('cible@maillage.test', 'lecteur');
			expect(account.oneTime).toBeDefined();
			// 30 wrong passwords at once, each from another address: only the account limit applies.
			const responses = await Promise.all(
				Array.from({ length: 30 }, (_, i) =>
					post('/login', null, { email: 'cible@maillage.test', password: `faux-${i}` }, `192.0.2.${i + 1}`)
				)
			);
			const statuses = responses.map((r) => r.status);
			expect(statuses.filter((s) => s === 400).length).toBe(5);
			expect(statuses.filter((s) => s === 429).length).toBe(25);
			// Even the right password now waits.
			const right = await post('/login', null, { email: 'cible@maillage.test', password: account.oneTime! }, nextAddress());
			expect(right.status).toBe(429);
			expect(await right.text()).toContain('Trop de tentatives');
		});

		it('lets at most 20 attempts through from one address, however many arrive at once', async () => {
			const address = nextAddress();
			const responses = await Promise.all(
				Array.from({ length: 100 }, (_, i) =>
					post('/login', null, { email: `inconnu-${i}@maillage.test`, password: 'faux-mot-de-passe' }, address)
				)
			);
			const statuses = responses.map((r) => r.status);
			expect(statuses.filter((s) => s === 400).length).toBe(20);
			expect(statuses.filter((s) => s === 429).length).toBe(80);
			// Another address is not blocked.
			expect((await post('/login', null, { email: 'inconnu@maillage.test', password: 'faux' }, nextAddress())).status).toBe(400);
		});

		it('forgets an account’s failures once its password is given', async () => {
			const address = nextAddress();
			for (let i = 0; i < 4; i++)
				expect((await post('/login', null, { email: 'lecteur@maillage.test', password: 'faux' }, address)).status).toBe(400);
			expect((await post('/login', null, { email: 'lecteur@maillage.test', password: 'lecteur-mot-de-passe' }, address)).status).toBe(303);
			for (let i = 0; i < 5; i++)
				expect((await post('/login', null, { email: 'lecteur@maillage.test', password: 'faux' }, address)).status).toBe(400);
			expect((await post('/login', null, { email: 'lecteur@maillage.test', password: 'faux' }, address)).status).toBe(429);
		});
	});

	describe('personal data and sessions (item 8)', () => {
		it('shows a reader the creator’s name, never the address, on trips', async () => {
			const creator = { name: 'Administration', email: ADMIN.email };
			const list = await (await get('/api/trips', reader)).json();
			const trip = list.trips.find((t: { id: number }) => t.id === tripId);
			expect(trip.created_by).toBe(creator.name);
			for (const path of [
				'/api/trips',
				`/api/trips/${tripId}`,
				'/trips',
				`/trips/${tripId}`,
				`/trips/${tripId}/feuille-de-route`,
				'/trips/__data.json',
				`/trips/${tripId}/feuille-de-route/__data.json`
			]) {
				const response = await get(path, reader);
				expect({ path, status: response.status }).toEqual({ path, status: 200 });
				expect({ path, leaks: (await response.text()).includes(creator.email) }).toEqual({ path, leaks: false });
			}
			// Those who may read personal data still see who it is.
			const adminList = await (await get('/api/trips', admin)).json();
			expect(adminList.trips.find((t: { id: number }) => t.id === tripId).created_by).toBe(creator.email);
		});

		it('keeps a user with a one-time password to the account page: no API, no export', async () => {
			const account = await createAccount('premiere@maillage.test', 'charge_mission');
			const cookie = await login('premiere@maillage.test', account.oneTime!);
			for (const path of [
				'/api/trips',
				`/api/trips/${tripId}`,
				'/api/actors?par=1',
				'/api/territories?level=zone',
				'/api/actors/export',
				'/api/gaps/export',
				`/trips/${tripId}/export.csv`,
				`/trips/${tripId}/export.ics`,
				`/trips/${tripId}/export.gpx`
			]) {
				const response = await get(path, cookie);
				expect({ path, status: response.status }).toEqual({ path, status: 403 });
				expect((await response.json()).error.message).toMatch(/mot de passe à usage unique/);
			}
			const write = await fetch(`${server.url}/api/trips`, {
				method: 'POST',
				headers: { cookie, origin: PUBLIC_ORIGIN, 'content-type': 'application/json' },
				body: JSON.stringify({ name: 'Interdite', date_start: '2026-12-01', actor_ids: [] })
			});
			expect(write.status).toBe(403);
			// A page opened in the browser goes to the account page; the account page and the assets stay open.
			const page = await get('/trips', cookie, { accept: 'text/html' });
			expect(page.status).toBe(303);
			expect(page.headers.get('location')).toBe('/compte?premiere=1');
			expect((await get('/compte', cookie)).status).toBe(200);
			expect((await get('/favicon.svg', cookie)).status).toBe(200);
			// Once the password is changed, everything opens.
			await post('/compte?/password', cookie, {
				current: account.oneTime!,
				password: 'un-mot-de-passe-choisi',
				confirm: 'un-mot-de-passe-choisi'
			});
			expect((await get('/api/trips', cookie)).status).toBe(200);
			expect((await post('/logout', cookie, {})).status).toBe(303);
		});

		it('asks that no response carrying personal data be stored', async () => {
			for (const path of [
				'/api/trips',
				`/api/trips/${tripId}`,
				'/api/actors?par=1',
				'/api/search?q=metz',
				'/',
				'/trips',
				`/trips/${tripId}`,
				'/compte',
				'/admin/utilisateurs',
				'/trips/__data.json'
			]) {
				const response = await get(path, admin);
				// SvelteKit itself says `private, no-store` on its __data.json.
				const cache = response.headers.get('cache-control') ?? '';
				expect({ path, status: response.status, noStore: /(^|, )no-store$/.test(cache) }).toEqual({ path, status: 200, noStore: true });
			}
			// An error answer from the API too.
			expect((await get('/api/trips/999999', admin)).headers.get('cache-control')).toBe('no-store');
			// A route that says how it may be cached keeps its own rule: public figures are revalidated
			// against the data version (ETag), never stored elsewhere than in the browser.
			expect((await get('/api/territories?level=zone', admin)).headers.get('cache-control')).toBe('private, no-cache');
		});

		it('sends the permissions policy and nosniff on pages, API answers and static files', async () => {
			const html = await (await get('/login', null)).text();
			const script = html.match(/\/_app\/immutable\/[^"']+\.js/)?.[0];
			expect(script).toBeDefined();
			for (const path of ['/login', '/', '/api/health', '/api/trips', '/favicon.svg', '/_app/version.json', script!]) {
				const response = await get(path, path === '/login' ? null : admin);
				expect({ path, status: response.status }).toEqual({ path, status: 200 });
				expect({ path, nosniff: response.headers.get('x-content-type-options') }).toEqual({ path, nosniff: 'nosniff' });
				const policy = response.headers.get('permissions-policy') ?? '';
				expect({ path, camera: policy.includes('camera=()'), geolocation: policy.includes('geolocation=(self)') }).toEqual({
					path,
					camera: true,
					geolocation: true
				});
				expect({ path, hsts: response.headers.get('strict-transport-security') }).toEqual({ path, hsts: 'max-age=31536000' });
			}
		});
	});
});
