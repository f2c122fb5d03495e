// Server-side PDF of a portrait through Chromium (playwright-core), when Chromium is installed:
// the print view rendered by the server itself, so the PDF has the print layout (A4 landscape).
import fs from 'node:fs';
import { chromium } from 'playwright-core';

/** Chromium's path: MAILLAGE_CHROMIUM, else Debian's /usr/bin/chromium; null when absent. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | null {
	const candidate = env.MAILLAGE_CHROMIUM?.trim() || '/usr/bin/chromium';
	return fs.existsSync(candidate) ? candidate : null;
}

/**
 * Where Chromium reaches this server: straight on the port it listens to (adapter-node's HOST and
 * PORT) rather than through the public origin, which a reverse proxy may not route back to us.
 */
export function internalOrigin(url: URL, env: NodeJS.ProcessEnv = process.env): string {
	const port = env.PORT?.trim();
	if (!port) return url.origin;
	const host = env.HOST?.trim();
	const listening = !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
	return `http://${listening}:${port}`;
}

export const CHROMIUM_MISSING = 'Export PDF indisponible : Chromium n’est pas installé sur le serveur (apt-get install chromium, ou MAILLAGE_CHROMIUM). Utilisez « Imprimer » puis « Enregistrer au format PDF » dans votre navigateur.';

/**
 * Renders `url` (same origin, print view) to an A4 landscape PDF. `cookie` carries the session of
 * the person asking, so that a logged-in page renders as they see it.
 */
export async function renderPdf(executablePath: string, url: string, cookie?: { name: string; value: string }): Promise<Buffer> {
	const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
	try {
		const context = await browser.newContext({ viewport: { width: 1123, height: 794 } });
		if (cookie) await context.addCookies([{ name: cookie.name, value: cookie.value, url: new URL(url).origin }]);
		const page = await context.newPage();
		const response = await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
		if (!response?.ok()) throw new Error(`rendu de ${new URL(url).pathname} : HTTP ${response?.status()}`);
		await page.emulateMedia({ media: 'print' });
		return await page.pdf({ format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
	} finally {
		await browser.close();
	}
}
