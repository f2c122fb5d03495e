// The newsletter's context in the running application: the DLA as sender, a territory figure
// from the portrait (the same cached view as the portrait page), the sending settings and the
// sends running in this process (one per issue: a second click does not start a second sender).
import type { Kysely } from 'kysely';
import type { AuditActor } from '../audit';
import { parsePeriod } from '../../domain/portrait/period';
import type { Database } from '../db/schema';
import { loadDlaInfo } from '../dla';
import { loadPortraitView } from '../portrait-view';
import type { IssueContext } from './issue';
import { readMailSettings, runSend, smtpTransport, type SendReport } from './send';

const formatter = new Intl.NumberFormat('fr-FR');

export async function appIssueContext(origin: string): Promise<IssueContext> {
	const dla = await loadDlaInfo();
	return {
		origin: process.env.ORIGIN?.trim() || origin,
		expediteur: `${dla.dispositif} · ${dla.porteur}`,
		figure: async (level, code) => {
			const parsed = parsePeriod(new URLSearchParams());
			if (!parsed.ok) return null;
			const view = await loadPortraitView(level, code, parsed.period);
			if (!view) return null;
			const f = view.figures;
			return {
				valeur: formatter.format(f.structures),
				phrase: `structures de l’ESS sur le territoire « ${view.territory.nom} », dont ${formatter.format(f.accompanied)} accompagnées par le DLA de ${parsed.period.from} à ${parsed.period.to}.`
			};
		}
	};
}

const running = new Map<number, Promise<SendReport>>();

export const isSending = (id: number) => running.has(id);

/** Starts (or resumes) the send of a frozen issue in the background; false without SMTP or when already running. */
export function startSending(db: Kysely<Database>, id: number, context: IssueContext, who: AuditActor): boolean {
	const settings = readMailSettings();
	if (!settings.smtpUrl || running.has(id)) return false;
	const transport = smtpTransport(settings.smtpUrl);
	const run = runSend(db, id, {
		transport,
		from: settings.from,
		origin: context.origin,
		ratePerSecond: settings.ratePerSecond,
		unsubscribeMailto: settings.unsubscribeMailto
	})
		.then((report) => {
			if (report.busy) console.warn(`[maillage] lettre ${id} : un autre envoi la tient déjà, celui-ci n’a rien envoyé`);
			return report;
		})
		.catch((error) => {
			console.error(`[maillage] envoi de la lettre ${id} (lancé par ${who.email}) interrompu :`, error);
			return { sent: 0, failed: 0, bounced: 0, skipped: 0, finished: false };
		})
		.finally(() => {
			transport.close();
			running.delete(id);
		});
	running.set(id, run);
	return true;
}
