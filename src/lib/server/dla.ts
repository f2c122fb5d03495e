// Who carries the DLA and how to reach it (data/dla.json): shown on portraits, slides and share
// links. Organisation details only — never a person's name or line.
import fs from 'node:fs/promises';
import path from 'node:path';
import { readConfig } from './config';

import { dlaInfoSchema, type DlaInfo } from '../schemas/dla';

export { dlaInfoSchema, type DlaInfo };

export async function loadDlaInfo(dataDir = readConfig().dataDir): Promise<DlaInfo> {
	const file = path.join(dataDir, 'dla.json');
	const parsed = dlaInfoSchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
	if (!parsed.success) throw new Error(`${file} invalide : ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(' ; ')}`);
	return parsed.data;
}
