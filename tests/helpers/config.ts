import path from 'node:path';
import { readConfig, type MaillageConfig } from '../../src/lib/server/config';

/** The boundary mirror the tests read: ../shared/geo beside the repository, unless set. */
export const MIRROR = process.env.MAILLAGE_DATA_MIRROR ?? path.resolve('..', 'shared', 'geo');

export function testConfig(overrides: Record<string, string> = {}): MaillageConfig {
	return readConfig({ MAILLAGE_DATA_MIRROR: MIRROR, ...overrides });
}
