// The JSON files of the data folder (sectors, DLA, boundary manifest, zones) are edited by hand:
// each is checked against its schema when read, and an invalid one stops with every issue named.
import fs from 'node:fs/promises';
import type { z } from 'zod';
import { issuesText } from '../schemas/issues';

/** `text`, the content of `file`, parsed and checked; `label` names the file in the error. */
export function parseJsonFile<S extends z.ZodType>(schema: S, text: string, label: string): z.output<S> {
	const parsed = schema.safeParse(JSON.parse(text));
	if (!parsed.success) throw new Error(`${label} invalide : ${issuesText(parsed.error)}`);
	return parsed.data;
}

export async function readJsonFile<S extends z.ZodType>(schema: S, file: string, label = file): Promise<z.output<S>> {
	return parseJsonFile(schema, await fs.readFile(file, 'utf8'), label);
}
