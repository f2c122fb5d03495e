// Generates the PNG icons of the web app manifest from the SVG ones (static/favicon.svg, and
// static/icons/icon.svg, full-bleed with its drawing inside the safe zone of a maskable icon),
// rendered by the Chromium the tests and the PDF export use. Run after changing an SVG:
// `node scripts/icons.js`; the PNGs are committed.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const ICONS = [
	{ svg: 'static/favicon.svg', out: 'static/icons/icon-192.png', size: 192 },
	{ svg: 'static/favicon.svg', out: 'static/icons/icon-512.png', size: 512 },
	{ svg: 'static/icons/icon.svg', out: 'static/icons/maskable-512.png', size: 512 },
	{ svg: 'static/icons/icon.svg', out: 'static/icons/apple-touch-icon.png', size: 180 }
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
	for (const icon of ICONS) {
		const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
		const svg = fs.readFileSync(icon.svg, 'utf8').replace('<svg ', `<svg width="${icon.size}" height="${icon.size}" `);
		await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
		await page.screenshot({
			path: path.resolve(icon.out),
			omitBackground: true,
			clip: { x: 0, y: 0, width: icon.size, height: icon.size }
		});
		await page.close();
		console.log(`${icon.out} (${icon.size} px)`);
	}
} finally {
	await browser.close();
}
