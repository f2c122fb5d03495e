// Debian's Chromium driven by playwright-core, with software WebGL for MapLibre.
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

declare global {
	interface Window {
		/** The explorer's map, exposed for tests and benches. */
		maillageMap: import('maplibre-gl').Map;
	}
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.resolve('tests', 'artifacts');

export async function launchBrowser(): Promise<Browser> {
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(`Chromium introuvable (${CHROMIUM}) : apt-get install -y chromium, ou définissez CHROMIUM_PATH`);
	}
	return chromium.launch({
		executablePath: CHROMIUM,
		timeout: 90_000,
		args: [
			'--use-angle=swiftshader',
			'--enable-unsafe-swiftshader',
			'--no-sandbox',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
}

export async function screenshot(page: Page, name: string): Promise<string> {
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	const file = path.join(ARTIFACTS, `${name}.png`);
	await page.screenshot({ path: file });
	return file;
}

/**
 * Waits until the page's map has drawn all it has to (MapLibre's `idle`: style, sources and tiles
 * loaded, no camera move going on), so that a screenshot shows the map finished. A repaint is asked
 * for, so that `idle` comes even if the map was idle already; a camera move that starts in the
 * next frames (a fit to the selection) is waited for too. `name`: the map's global in the page
 * (`maillageMap` for the explorer and the trips, `maillageGapMap` for the gap screen,
 * `maillageCoverageMap` for the change in coverage of /bilan, `maillagePublicMap` for /public and /embed).
 */
export async function mapIdle(
	page: Page,
	name: 'maillageMap' | 'maillageGapMap' | 'maillageCoverageMap' | 'maillageNetworkMap' | 'maillagePublicMap' = 'maillageMap',
	timeout = 60_000
): Promise<void> {
	await page.waitForFunction((global) => Boolean((window as unknown as Record<string, unknown>)[global]), name, { timeout });
	// A string, not a function: the page runs it as written (no helper a transpiler might add).
	const script = `new Promise((resolve, reject) => {
		const map = window[${JSON.stringify(name)}];
		const timer = setTimeout(() => reject(new Error('carte jamais au repos (idle) en ${timeout} ms')), ${timeout});
		const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
		const idle = () => new Promise((r) => { map.once('idle', r); map.triggerRepaint(); });
		(async () => {
			do { await idle(); await frames(); } while (map.isMoving() || !map.loaded());
			clearTimeout(timer);
			resolve(true);
		})();
	})`;
	await page.evaluate(script);
}

/** Collects page errors so that a test can assert that none happened. */
export function collectErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(m.text());
	});
	return errors;
}

/** The window of the signed-in contexts. */
const DESKTOP = { width: 1280, height: 800 };

/**
 * Opens `url` with the page's scripts held back, as on a slow phone: what the test types before
 * `hydrate()` is typed into the server's HTML, and `hydrate()` lets the scripts run and waits until
 * the network is idle, the page hydrated. A service worker serves the scripts out of reach of
 * `page.route`, so that the page would hydrate at once: `hydrate()` then fails rather than let a
 * test pass without the race it is about (see pageWithoutServiceWorker).
 */
export async function openBeforeHydration(page: Page, url: string): Promise<{ hydrate(): Promise<void> }> {
	let release!: () => void;
	const held = new Promise<void>((resolve) => (release = resolve));
	const scripts = /\/_app\/immutable\/.*\.js$/;
	let holding = 0;
	await page.route(scripts, async (route) => {
		holding++;
		await held;
		await route.continue();
	});
	await page.goto(url, { waitUntil: 'domcontentloaded' });
	return {
		async hydrate() {
			if (holding === 0) throw new Error(`${url} : aucun script de la page n’a été retenu (servi par un service worker ?)`);
			release();
			await page.waitForLoadState('networkidle');
			await page.unroute(scripts);
		}
	};
}

/**
 * A page signed in as `context` is, in a context of its own without service workers: the app's
 * offline worker serves the scripts from its cache once installed, out of reach of `page.route`
 * (openBeforeHydration). `close()` closes the context.
 */
export async function pageWithoutServiceWorker(browser: Browser, context: BrowserContext): Promise<{ page: Page; close(): Promise<void> }> {
	const own = await browser.newContext({
		viewport: DESKTOP,
		storageState: await context.storageState(),
		serviceWorkers: 'block'
	});
	return { page: await own.newPage(), close: () => own.close() };
}

/**
 * A phone's screen (390×844 CSS px, touch). Not `isMobile`: a mobile viewport zooms out to fit a
 * page wider than the screen, which would hide the very overflow the phone tests look for.
 */
export const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, deviceScaleFactor: 2 };

/** The page's width and the window's: a page wider than the window scrolls sideways on a phone. */
export function pageWidths(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
	return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
}

/** A browser context already signed in (the login form filled as a person would). */
export async function signedInContext(
	browser: Browser,
	baseUrl: string,
	credentials: { email: string; password: string },
	options: Parameters<Browser['newContext']>[0] = {}
): Promise<BrowserContext> {
	const context = await browser.newContext({ viewport: DESKTOP, ...options });
	// Signed in towards the account page, not the map: closing a page while MapLibre starts its
	// WebGL context (software rendering) has, now and then, hung Chromium for minutes. Once in a CI
	// run (PostgreSQL, loaded machine) the sign-in page never left /login in 90 s: a second try on
	// a fresh page, and the page's own message (a refusal shows in role=alert) if that fails too.
	for (let attempt = 1; ; attempt++) {
		const page = await context.newPage();
		try {
			await page.goto(`${baseUrl}/login?suite=${encodeURIComponent('/compte')}`);
			await page.getByLabel('Adresse électronique').fill(credentials.email);
			await page.getByLabel('Mot de passe').fill(credentials.password);
			await Promise.all([
				page.waitForURL((url) => url.pathname === '/compte', { timeout: 45_000 }),
				page.getByRole('button', { name: 'Se connecter' }).click()
			]);
			return context;
		} catch (error) {
			const alert = await page
				.getByRole('alert')
				.allTextContents()
				.catch(() => []);
			const why = `connexion de ${credentials.email} (essai ${attempt}) : ${(error as Error).message.split('\n')[0]} ; page ${page.url()} ; message : ${alert.join(' ') || '(aucun)'}`;
			if (attempt === 2) throw new Error(why, { cause: error });
			console.warn(`[maillage] ${why} ; nouvel essai`);
		} finally {
			await page.close();
		}
	}
}

/**
 * The accessibility problems axe finds on the page as it is (WCAG 2 A and AA, and axe's best
 * practices), serious or critical only: one line each, with the first elements at fault.
 * `include`: a selector to check only that part of the page.
 */
export async function seriousAccessibilityIssues(page: Page, include?: string): Promise<string[]> {
	const builder = new AxeBuilder({ page });
	if (include) builder.include(include);
	const results = await builder.analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map(
			(v) =>
				`${v.id}: ${v.help} (${v.nodes
					.map((n) => n.target.join(' '))
					.slice(0, 3)
					.join(', ')})`
		);
}
