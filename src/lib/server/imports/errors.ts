// A file that cannot be imported at all (not what it claims, empty, unreadable): one clear
// message for the whole file, as opposed to row rejections.
export class ImportFileError extends Error {
	/** The line (or sheet row) where reading stopped, when known. */
	readonly line: number | null;

	constructor(message: string, line: number | null = null) {
		super(line === null ? message : `${message} (ligne ${line})`);
		this.name = 'ImportFileError';
		this.line = line;
	}
}
