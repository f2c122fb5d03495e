// The ordered list of migrations. A landed migration is never edited: add a new file.
// Listed statically (not read from disk) so that the bundled server and the CLI run the same set.
import type { Migration } from 'kysely';
import * as m0001 from './0001_territory';
import * as m0002 from './0002_actors';
import * as m0003 from './0003_auth';
import * as m0004 from './0004_search';
import * as m0005 from './0005_gaps';
import * as m0006 from './0006_trips';
import * as m0007 from './0007_portrait_shares';
import * as m0008 from './0008_data_version';
import * as m0009 from './0009_login_attempts';
import * as m0010 from './0010_app_state';
import * as m0012 from './0012_scale';
import * as m0013 from './0013_parcours';
import * as m0015 from './0015_targets';
import * as m0016 from './0016_trip_day';
import * as m0017 from './0017_visit_reports';
import * as m0018 from './0018_satisfaction';
import * as m0019 from './0019_rencontres';
import * as m0020 from './0020_relations';
import * as m0021 from './0021_newsletter';
import * as m0022 from './0022_testimonials';
import * as m0023 from './0023_rencontre_inscriptions';
import * as m0024 from './0024_promotion_consent';
import * as m0025 from './0025_derived_relations';

export const migrations: Record<string, Migration> = {
	'0001_territory': m0001,
	'0002_actors': m0002,
	'0003_auth': m0003,
	'0004_search': m0004,
	'0005_gaps': m0005,
	'0006_trips': m0006,
	'0007_portrait_shares': m0007,
	'0008_data_version': m0008,
	'0009_login_attempts': m0009,
	'0010_app_state': m0010,
	'0012_scale': m0012,
	'0013_parcours': m0013,
	'0015_targets': m0015,
	'0016_trip_day': m0016,
	'0017_visit_reports': m0017,
	'0018_satisfaction': m0018,
	'0019_rencontres': m0019,
	'0020_relations': m0020,
	'0021_newsletter': m0021,
	'0022_testimonials': m0022,
	'0023_rencontre_inscriptions': m0023,
	'0024_promotion_consent': m0024,
	'0025_derived_relations': m0025
};
