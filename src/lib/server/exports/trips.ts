// Exports of a saved trip: GPX (waypoints and one route per day, for a GPS or a phone), ICS (one
// event per visit, for the officer's calendar) and CSV (the timetable, for a spreadsheet). All
// read the stored plan through the same roadmap as the trip page. Contact persons and visit
// notes only go out to users allowed to see personal data.
import { createEvents, type EventAttributes } from 'ics';
import { STATUS_LABELS } from '../../domain/accompaniment-status';
import { slugify } from '../../domain/slug';
import { buildRoadmap } from '../../domain/trips/roadmap';
import { TRIP_STOP_STATUS_LABELS } from '../../schemas/trip';
import { csvRecords } from './spreadsheet';
import type { TripDetails, TripStopRow } from '../queries/trips';

const xml = (text: string) =>
	text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** « 1 rue X, 57000 Metz ». */
export function stopAddress(stop: Pick<TripStopRow, 'adresse' | 'code_postal' | 'commune'>): string {
	return [stop.adresse, [stop.code_postal, stop.commune].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

/** A file name from the trip's name: accents and spaces out. */
export function exportFileName(trip: Pick<TripDetails, 'id' | 'name'>, extension: string): string {
	const slug = slugify(trip.name, 60);
	return `tournee-${trip.id}${slug ? `-${slug}` : ''}.${extension}`;
}

export function tripToGpx(trip: TripDetails): string {
	const roadmap = buildRoadmap(trip.plan, trip.stops, trip);
	const end =
		trip.end_lon !== null && trip.end_lat !== null ? { lon: trip.end_lon, lat: trip.end_lat, label: trip.end_label ?? 'Arrivée' } : null;
	const point = (tag: string, lon: number, lat: number, name: string, desc?: string, time?: string) =>
		`<${tag} lat="${lat.toFixed(6)}" lon="${lon.toFixed(6)}"><name>${xml(name)}</name>${desc ? `<desc>${xml(desc)}</desc>` : ''}${time ? `<time>${time}</time>` : ''}</${tag}>`;
	const lines = [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<gpx version="1.1" creator="Maillage" xmlns="http://www.topografix.com/GPX/1/1">',
		`<metadata><name>${xml(trip.name)}</name><desc>${xml(`Tournée du ${trip.date_start}${trip.date_end !== trip.date_start ? ` au ${trip.date_end}` : ''}`)}</desc></metadata>`,
		point('wpt', trip.start_lon, trip.start_lat, `Départ : ${trip.start_label}`)
	];
	if (end) lines.push(point('wpt', end.lon, end.lat, `Arrivée : ${end.label}`));
	for (const day of roadmap.days) {
		for (const v of day.visits) {
			if (v.stop.lon === null || v.stop.lat === null) continue;
			lines.push(
				point('wpt', v.stop.lon, v.stop.lat, `${v.number}. ${v.stop.nom}`, `${stopAddress(v.stop)} — jour ${v.day}, ${v.arrive}–${v.leave}`)
			);
		}
	}
	for (const day of roadmap.days) {
		lines.push(`<rte><name>${xml(`${trip.name} — jour ${day.day} (${day.date})`)}</name>`);
		lines.push(point('rtept', trip.start_lon, trip.start_lat, trip.start_label));
		for (const v of day.visits)
			if (v.stop.lon !== null && v.stop.lat !== null) lines.push(point('rtept', v.stop.lon, v.stop.lat, `${v.number}. ${v.stop.nom}`));
		lines.push(end ? point('rtept', end.lon, end.lat, end.label) : point('rtept', trip.start_lon, trip.start_lat, trip.start_label));
		lines.push('</rte>');
	}
	lines.push('</gpx>');
	return lines.join('\n') + '\n';
}

const dateTime = (date: string, clock: string): [number, number, number, number, number] => {
	const [y, m, d] = date.split('-').map(Number);
	const [h, min] = clock.split(':').map(Number);
	return [y, m, d, h, min];
};

/** One event per planned visit, in local (floating) time: 09:00 on the roadmap is 09:00 in the calendar. */
export function tripToIcs(trip: TripDetails, options: { withPersonalData: boolean; origin: string }): string {
	const roadmap = buildRoadmap(trip.plan, trip.stops, trip);
	const events: EventAttributes[] = roadmap.days.flatMap((day) =>
		day.visits.map((v) => {
			const description = [
				`Tournée « ${trip.name} », visite n° ${v.number} (jour ${v.day})`,
				v.stop.kind === 'structure_ess' ? `Statut DLA : ${STATUS_LABELS[v.stop.dla_status]}` : null,
				`Dernier contact : ${v.stop.last_contact ?? 'jamais'}`,
				v.stop.siret ? `SIRET : ${v.stop.siret}` : null,
				v.leg ? `Trajet depuis l’étape précédente : ${String(v.leg.km).replace('.', ',')} km, ${v.leg.min} min` : null,
				options.withPersonalData && v.stop.contacts?.length
					? `Contacts : ${v.stop.contacts.map((c) => [c.nom, c.role, c.telephone, c.email].filter(Boolean).join(', ')).join(' ; ')}`
					: null,
				options.withPersonalData && v.stop.note ? `Note : ${v.stop.note}` : null,
				`${options.origin}/?acteur=${v.stop.actor_id}`
			].filter((line): line is string => line !== null);
			const event: EventAttributes = {
				uid: `maillage-tournee-${trip.id}-arret-${v.stop.id}@maillage`,
				title: `Visite : ${v.stop.nom}`,
				start: dateTime(v.date, v.arrive),
				end: dateTime(v.date, v.leave),
				startInputType: 'local',
				startOutputType: 'local',
				endInputType: 'local',
				endOutputType: 'local',
				location: stopAddress(v.stop),
				description: description.join('\n'),
				categories: ['DLA', 'Tournée'],
				status: 'CONFIRMED',
				busyStatus: 'BUSY'
			};
			if (v.stop.lon !== null && v.stop.lat !== null)
				event.geo = { lat: Number(v.stop.lat.toFixed(6)), lon: Number(v.stop.lon.toFixed(6)) };
			return event;
		})
	);
	if (events.length === 0) throw new RangeError('aucune visite planifiée : optimisez la tournée avant de l’exporter');
	const { error, value } = createEvents(events, { productId: 'maillage/tournees', calName: trip.name });
	if (error || !value) throw error ?? new Error('export ICS impossible');
	return value;
}

/** The timetable as CSV (UTF-8 with BOM, `;`, opens in Excel), unplanned stops last with their reason. */
export function tripToCsv(trip: TripDetails): string {
	const roadmap = buildRoadmap(trip.plan, trip.stops, trip);
	const header = [
		'N°',
		'Jour',
		'Date',
		'Arrivée',
		'Départ',
		'Structure',
		'Adresse',
		'Code postal',
		'Commune',
		'Km depuis l’étape précédente',
		'Min depuis l’étape précédente',
		'Statut DLA',
		'Dernier contact',
		'Visite',
		'Non planifiée : motif',
		'Identifiant Maillage'
	];
	const rows: (string | number | null)[][] = [];
	for (const day of roadmap.days) {
		for (const v of day.visits) {
			rows.push([
				v.number,
				v.day,
				v.date,
				v.arrive,
				v.leave,
				v.stop.nom,
				v.stop.adresse,
				v.stop.code_postal,
				v.stop.commune,
				v.leg?.km ?? null,
				v.leg?.min ?? null,
				STATUS_LABELS[v.stop.dla_status],
				v.stop.last_contact,
				TRIP_STOP_STATUS_LABELS[v.stop.status],
				null,
				v.stop.actor_id
			]);
		}
	}
	for (const u of roadmap.unplanned) {
		rows.push([
			null,
			null,
			null,
			null,
			null,
			u.stop.nom,
			u.stop.adresse,
			u.stop.code_postal,
			u.stop.commune,
			null,
			null,
			STATUS_LABELS[u.stop.dla_status],
			u.stop.last_contact,
			TRIP_STOP_STATUS_LABELS[u.stop.status],
			u.reason,
			u.stop.actor_id
		]);
	}
	return csvRecords(header, rows);
}
