// Runs Maillage's command line as a user would: a child process, against a given database.
// `source` runs src/…/main.ts through tsx (what `npm run cli:dev` does); `built` runs build/cli.js
// with plain Node, as a production install must.
import { execFile } from 'node:child_process';
import { MIRROR } from './config';
import type { TestDatabase } from './backends';

export interface CliResult {
	/** Exit code; 1 with `signal` set when it was killed (timeout). */
	code: number;
	signal: string | null;
	stdout: string;
	stderr: string;
}

export const BUILT_CLI = 'build/cli.js';

export function runCli(
	args: string[],
	options: { database?: TestDatabase; env?: Record<string, string>; mode?: 'source' | 'built'; timeout?: number } = {}
): Promise<CliResult> {
	const entry = options.mode === 'built' ? [BUILT_CLI] : ['--import', 'tsx', 'src/lib/server/cli/main.ts'];
	const env: Record<string, string> = { ...(process.env as Record<string, string>), MAILLAGE_DATA_MIRROR: MIRROR, ...options.env };
	if (options.database) {
		env.MAILLAGE_PGLITE_DIR = options.database.pgliteDir;
		env.DATABASE_URL = options.database.url ?? '';
	}
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			[...entry, ...args],
			{ env, timeout: options.timeout ?? 540_000, maxBuffer: 16 * 1024 * 1024 },
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				resolve({ code, signal: error?.signal ?? null, stdout, stderr });
			}
		);
	});
}
