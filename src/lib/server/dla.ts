// Who carries the DLA and how to reach it (data/dla.json): shown on portraits, slides and share
// links. Organisation details only — never a person's name or line.
import path from 'node:path';
import { readConfig } from './config';
import { readJsonFile } from './json-file';

import { dlaInfoSchema, type DlaInfo } from '../schemas/dla';

export { dlaInfoSchema, type DlaInfo };

export async function loadDlaInfo(dataDir = readConfig().dataDir): Promise<DlaInfo> {
	const file = path.join(dataDir, 'dla.json');
	return readJsonFile(dlaInfoSchema, file);
}
