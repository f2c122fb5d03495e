// PDF rendering under load, through the built server and the real Chromium (issue 12, item 5):
// one shared browser, at most MAILLAGE_PDF_CONCURRENCE pages at once, MAILLAGE_PDF_FILE waiting,
// 503 + Retry-After beyond; a share link's PDF served from cache until the data changes; a dead
// Chromium relaunched; none left behind when the server stops. The counters are the server's own
// (/api/health → pdf), the processes are read from the system.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../../src/lib/server/pdf';
import { BACKENDS } from '../helpers/backends';
import { login, startServer, type RunningServer } from '../helpers/server';

const FORBACH = '245700372';
const PDF = `/portrait/epci/${FORBACH}/pdf?de=2023&a=2025`;

/** Pids of the processes whose parent is `ppid`, with their command line. */
function children(ppid: number): { pid: number; args: string }[] {
	return execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
		.split('\n')
		.map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
		.filter((m): m is RegExpExecArray => m !== null && Number(m[2]) === ppid)
		.map((m) => ({ pid: Number(m[1]), args: m[3] }));
}

/** Running (a zombie waiting for its parent to read its exit status counts as gone). */
const alive = (pid: number) => {
	try {
		return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return false;
	}
};

describe.skipIf(!chromiumPath()).each(BACKENDS)('PDF queue and share cache on %s', (backend) => {
	let server: RunningServer;
	let cookie: string;
	const stats = async () => (await (await fetch(`${server.url}/api/health`)).json()).pdf;
	const serverPid = () => children(process.pid).find((c) => c.args.includes('build/index.js'))!.pid;
	const chromiumMain = () => children(serverPid()).find((c) => /chrom/i.test(c.args));

	beforeAll(async () => {
		server = await startServer(backend, { MAILLAGE_PDF_CONCURRENCE: '2', MAILLAGE_PDF_FILE: '4' });
		cookie = await login(server);
	}, 700_000);
	afterAll(async () => server?.stop());

	it('renders 8 parallel PDFs two at a time in one Chromium, 4 waiting, and refuses the rest with 503 + Retry-After', async () => {
		expect(await stats()).toMatchObject({ concurrency: 2, queue: 4, rendering: 0, rendered: 0, launches: 0 });
		const answers = await Promise.all(
			Array.from({ length: 8 }, async () => {
				const response = await fetch(`${server.url}${PDF}`, { headers: { cookie } });
				return {
					status: response.status,
					retryAfter: response.headers.get('retry-after'),
					body: Buffer.from(await response.arrayBuffer())
				};
			})
		);
		const ok = answers.filter((a) => a.status === 200);
		const busy = answers.filter((a) => a.status === 503);
		expect(ok).toHaveLength(6);
		expect(busy).toHaveLength(2);
		for (const a of ok) expect(a.body.subarray(0, 5).toString()).toBe('%PDF-');
		for (const a of busy) {
			expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
			expect(JSON.parse(a.body.toString()).error.message).toMatch(/Trop de PDF en cours de préparation/);
		}
		// Two pages at once, never more, all in the one browser launched for the first PDF.
		expect(await stats()).toMatchObject({ peak: 2, rendering: 0, waiting: 0, rendered: 6, refused: 2, launches: 1 });
		expect(children(serverPid()).filter((c) => /chrom/i.test(c.args))).toHaveLength(1);
	}, 600_000);

	it('serves a share link’s PDF from cache, identical, until an actor is edited', async () => {
		const created = await fetch(`${server.url}/portrait/epci/${FORBACH}?/partager`, {
			method: 'POST',
			headers: { cookie, origin: server.url, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ de: '2023', a: '2025' })
		});
		const token = /partage\/([A-Za-z0-9_-]{43})/.exec(await created.text())![1];
		const get = async () => {
			const t0 = performance.now();
			const response = await fetch(`${server.url}/partage/${token}/pdf`);
			return {
				status: response.status,
				source: response.headers.get('x-maillage-pdf'),
				body: Buffer.from(await response.arrayBuffer()),
				ms: performance.now() - t0
			};
		};
		const before = await stats();
		const first = await get();
		expect(first).toMatchObject({ status: 200, source: 'rendu' });
		const second = await get();
		expect(second).toMatchObject({ status: 200, source: 'cache' });
		expect(second.body.equals(first.body)).toBe(true);
		expect(second.ms).toBeLessThan(first.ms / 2);
		expect(await stats()).toMatchObject({ rendered: before.rendered + 1, cached: before.cached + 1 });
		console.log(`[pdf] partage : rendu ${first.ms.toFixed(0)} ms, depuis le cache ${second.ms.toFixed(0)} ms`);

		// An actor edited: the data version moves, the next PDF is rendered again.
		const list = await (await fetch(`${server.url}/api/actors?kind=structure_ess&par=1`, { headers: { cookie } })).json();
		const actor = await (await fetch(`${server.url}/api/actors/${list.rows[0].id}`, { headers: { cookie } })).json();
		const edit = await fetch(`${server.url}/api/actors/${actor.id}`, {
			method: 'PATCH',
			headers: { cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ version: actor.version, changes: { sigle: 'PDF' } })
		});
		expect(edit.status).toBe(200);
		const third = await get();
		expect(third).toMatchObject({ status: 200, source: 'rendu' });
		expect(await stats()).toMatchObject({ rendered: before.rendered + 2 });
		expect((await get()).source).toBe('cache');
	}, 300_000);

	it('relaunches Chromium when it dies, and leaves none behind when the server stops', async () => {
		const first = chromiumMain()!;
		process.kill(first.pid, 'SIGKILL');
		for (let i = 0; i < 50 && alive(first.pid); i++) await new Promise((r) => setTimeout(r, 100));
		const response = await fetch(`${server.url}${PDF}`, { headers: { cookie } });
		expect(response.status).toBe(200);
		expect((await stats()).launches).toBe(2);
		const second = chromiumMain()!;
		expect(second.pid).not.toBe(first.pid);
		await server.stop();
		expect(alive(second.pid)).toBe(false);
	}, 300_000);
});
