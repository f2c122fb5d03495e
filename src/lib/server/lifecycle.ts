// How the server stops, on SIGTERM or SIGINT (a service manager, a container, Ctrl-C): at most
// STOP_DEADLINE_MS after the signal, with the requests in flight answered and the database closed
// (PGlite writes its checkpoint: the next start is warm, with no recovery).
//
// Once the server listens, adapter-node stops accepting connections, waits for the requests in
// flight (SHUTDOWN_TIMEOUT, set to 7 s by http/shutdown-timeout.js) and emits
// `sveltekit:shutdown`: the database is closed then and the process exits. Nothing else ends it:
// the embedded database keeps the event loop alive, so without this the process outlived the
// signal (https://svelte.dev/docs/kit/adapter-node#Graceful-shutdown).
//
// While the database is still starting (the server's `init`, before it listens), adapter-node has
// no handler yet: the start is let finish within the deadline, then the database is closed. A
// first start that cannot finish in time (the territory import takes longer) is cut: PostgreSQL's
// write-ahead log takes it back at the next start, which begins the import again.

/** From the signal to the process's exit, at most. */
export const STOP_DEADLINE_MS = 9_500;

export interface StopHooks {
	/** Whether the server's start (its `init`) is over, i.e. adapter-node handles the signal. */
	started(): boolean;
	/** Settles when the database's start is over (or failed): awaited before closing it. */
	databaseSettled(): Promise<unknown>;
	closeDatabase(): Promise<void>;
	log(message: string): void;
	exit(code: number): void;
}

/** Installs the signal and shutdown handlers; returns the stop function they call (for tests). */
export function stopCleanlyOnSignals(hooks: StopHooks): (reason: string) => Promise<void> {
	let stopping: Promise<void> | null = null;
	let signalledAt = performance.now();

	const closeAndExit = async (reason: string) => {
		try {
			const closing = performance.now();
			await hooks.closeDatabase();
			const ms = (from: number) => Math.round(performance.now() - from);
			hooks.log(`[maillage] arrêt (${reason}) : base fermée en ${ms(closing)} ms, ${ms(signalledAt)} ms après le signal`);
			hooks.exit(0);
		} catch (error) {
			hooks.log(`[maillage] arrêt (${reason}) : la base n’a pas pu être fermée : ${String(error)}`);
			hooks.exit(1);
		}
	};

	const stop = (reason: string): Promise<void> => {
		stopping ??= (async () => {
			signalledAt = performance.now();
			const deadline = setTimeout(() => {
				hooks.log(`[maillage] arrêt (${reason}) : délai de ${STOP_DEADLINE_MS / 1000} s dépassé, sortie forcée`);
				hooks.exit(1);
			}, STOP_DEADLINE_MS);
			// Kept referenced: it holds the process until the database is closed (once the HTTP
			// server is closed, nothing else may, and Node would exit before the close's end).
			void deadline;
			if (hooks.started()) return; // adapter-node drains the requests, then emits sveltekit:shutdown
			hooks.log(`[maillage] arrêt (${reason}) demandé pendant le démarrage : fin de l’étape en cours`);
			await hooks.databaseSettled().catch(() => {});
			await closeAndExit(reason);
		})();
		return stopping;
	};

	process.once('SIGTERM', () => void stop('SIGTERM'));
	process.once('SIGINT', () => void stop('SIGINT'));
	// Custom event of adapter-node, after the HTTP server has closed.
	process.once('sveltekit:shutdown', (reason: unknown) => {
		void stop(String(reason));
		void closeAndExit(String(reason));
	});
	return stop;
}
