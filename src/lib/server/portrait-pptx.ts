// A portrait as an editable PowerPoint (pptxgenjs): the same slides as the slide mode
// (domain/portrait/slides.ts), with native text, tables and charts (`slide.addChart`) that an
// officer can retouch, and maps drawn as native freeform shapes from the portrait's SVG paths —
// no picture, so that they stay sharp and editable too.
// https://gitbrent.github.io/PptxGenJS/docs/api-charts/
import PptxGenJS from 'pptxgenjs';
import type { PortraitPresenter, PortraitView } from '../dto/portrait';
import { classBreaks, CLASS_COLORS } from '../domain/choropleth';
import { formatDecimal, formatInteger, formatPercent } from '../domain/format';
import { sectorChartRows, YEAR_SERIES, yearChartNote } from '../domain/portrait/charts';
import { keyFigures, proposals } from '../domain/portrait/figures';
import { periodLabel } from '../domain/portrait/period';
import { portraitSlides, SLIDE_TITLES, type SlideId } from '../domain/portrait/slides';
import { hasDemo, sourcesText } from '../domain/portrait/sources';
import { LEVEL_LABELS } from '../domain/territory/levels';

type Slide = PptxGenJS.Slide;
type Points = NonNullable<PptxGenJS.ShapeProps['points']>;

const INK = '1F2933';
const MUTED = '52606D';
const BLUE = '0072B2';
const VERMILLION = 'D55E00';
const FONT = 'Calibri';
/** 16:9, in inches. */
const W = 10;
const H = 5.625;

/** An SVG path of the portrait map (M, L and Z only, svg-map.ts) as freeform points, scaled into inches. */
export function pathPoints(d: string, scale: number): Points {
	const points: Points = [];
	for (const [, command, args] of d.matchAll(/([MLZ])([^MLZ]*)/g)) {
		if (command === 'Z') {
			points.push({ close: true });
			continue;
		}
		const [x, y] = args.trim().split(/\s+/).map(Number);
		points.push({ x: x * scale, y: y * scale, ...(command === 'M' ? { moveTo: true } : {}) });
	}
	return points;
}

function title(slide: Slide, text: string) {
	slide.addText(text, { x: 0.4, y: 0.2, w: W - 0.8, h: 0.6, fontFace: FONT, fontSize: 24, bold: true, color: INK });
}

function footer(slide: Slide, text: string) {
	slide.addText(text, { x: 0.4, y: H - 0.42, w: W - 0.8, h: 0.3, fontFace: FONT, fontSize: 8, color: MUTED });
}

/** The map frame (SVG units) drawn into a box of the slide, keeping its aspect ratio. */
function mapBox(p: PortraitView, x: number, y: number, w: number, h: number) {
	const scale = Math.min(w / p.map.width, h / p.map.height);
	return { x, y, w: p.map.width * scale, h: p.map.height * scale, scale };
}

function freeform(slide: Slide, box: ReturnType<typeof mapBox>, d: string, fill: string | null, line: string, width: number, name: string) {
	if (!d) return;
	slide.addShape(
		'custGeom' as PptxGenJS.ShapeType,
		{
			x: box.x,
			y: box.y,
			w: box.w,
			h: box.h,
			points: pathPoints(d, box.scale),
			fill: fill ? { color: fill } : { type: 'none' },
			line: { color: line, width },
			objectName: name
		} as PptxGenJS.ShapeProps
	);
}

function structuresMap(slide: Slide, p: PortraitView, box: ReturnType<typeof mapBox>) {
	const inside = p.territory.level === 'departement';
	if (!inside) for (const n of p.map.neighbours) freeform(slide, box, n.d, 'F4F5F7', '7B8794', 0.6, n.nom);
	freeform(slide, box, p.map.territory, 'FFFFFF', INK, 1.6, p.territory.nom);
	if (inside) for (const n of p.map.neighbours) freeform(slide, box, n.d, null, '9AA5B1', 0.5, n.nom);
	// Accompanied structures last, on top; each a small circle.
	const sorted = [...p.map.structures].sort((a, b) => Number(a.accompanied) - Number(b.accompanied));
	for (const s of sorted) {
		const r = (s.accompanied ? 3.4 : 2.4) * box.scale;
		slide.addShape('ellipse' as PptxGenJS.ShapeType, {
			x: box.x + s.x * box.scale - r,
			y: box.y + s.y * box.scale - r,
			w: 2 * r,
			h: 2 * r,
			fill: s.accompanied ? { color: BLUE } : { color: 'FFFFFF' },
			line: { color: s.accompanied ? 'FFFFFF' : VERMILLION, width: 0.5 }
		});
	}
	if (!inside)
		for (const n of p.map.neighbours)
			if (n.label)
				slide.addText(n.nom, {
					x: box.x + n.label[0] * box.scale - 0.8,
					y: box.y + n.label[1] * box.scale - 0.1,
					w: 1.6,
					h: 0.2,
					align: 'center',
					fontFace: FONT,
					fontSize: 7,
					color: MUTED
				});
}

function gapMap(slide: Slide, p: PortraitView, box: ReturnType<typeof mapBox>) {
	const epci = p.departement_gaps?.epci ?? [];
	const byCode = new Map(epci.map((e) => [e.code, e]));
	const breaks = classBreaks(
		epci.map((e) => e.score),
		'jenks',
		5
	);
	const colour = (score: number | undefined) => {
		if (score === undefined || !breaks.length) return 'F4F5F7';
		const i = breaks.findIndex((b) => score <= b + 1e-9);
		return CLASS_COLORS[i < 0 ? breaks.length - 1 : i].slice(1).toUpperCase();
	};
	for (const n of p.map.neighbours) freeform(slide, box, n.d, colour(byCode.get(n.code)?.score), '52606D', 0.5, n.nom);
	freeform(slide, box, p.map.territory, null, INK, 1.4, p.territory.nom);
	for (const n of p.map.neighbours) {
		const row = byCode.get(n.code);
		if (!row || row.rank > 8 || !n.label) continue;
		slide.addText(String(row.rank), {
			shape: 'ellipse' as PptxGenJS.ShapeType,
			x: box.x + n.label[0] * box.scale - 0.12,
			y: box.y + n.label[1] * box.scale - 0.12,
			w: 0.24,
			h: 0.24,
			align: 'center',
			valign: 'middle',
			margin: 0,
			fontFace: FONT,
			fontSize: 8,
			bold: true,
			color: INK,
			fill: { color: 'FFFFFF' },
			line: { color: INK, width: 0.75 }
		});
	}
	const legend = breaks.map(
		(upper, i) => `${formatDecimal(i === 0 ? Math.min(...epci.map((e) => e.score)) : breaks[i - 1], 0)}–${formatDecimal(upper, 0)}`
	);
	slide.addText(
		[
			{ text: 'Score des manques (0–100), du clair au foncé : ', options: { bold: true } },
			{ text: legend.join(' · ') },
			{ text: ' · cercle : rang au classement' }
		],
		{ x: box.x, y: box.y + box.h + 0.02, w: box.w, h: 0.3, fontFace: FONT, fontSize: 8, color: MUTED }
	);
}

export interface PptxOptions {
	generated: string;
	presenter?: PortraitPresenter | null;
}

/** The portrait's slides as a .pptx file. */
export async function portraitPptx(p: PortraitView, options: PptxOptions): Promise<Buffer> {
	const pptx = new PptxGenJS();
	pptx.layout = 'LAYOUT_16x9';
	pptx.author = p.dla.dispositif;
	pptx.company = p.dla.porteur;
	pptx.title = `Portrait de territoire · ${p.territory.nom}`;
	const period = periodLabel(p.period);
	const isDepartement = p.territory.level === 'departement';
	const demo = hasDemo(p.figures.structure_sources) || hasDemo(p.figures.accompaniment_sources);
	const dlaSource = p.figures.accompaniment_sources.length
		? sourcesText(p.figures.accompaniment_sources)
		: 'suivi des accompagnements du DLA';
	const series = isDepartement ? [p.territory.nom] : [p.territory.nom, `${p.reference.nom} (référence)`];

	const draw: Record<SlideId, (slide: Slide) => void> = {
		titre: (slide) => {
			slide.addText(`${SLIDE_TITLES.titre} · ${LEVEL_LABELS[p.territory.level]}`.toUpperCase(), {
				x: 0.6,
				y: 1.2,
				w: W - 1.2,
				h: 0.4,
				fontFace: FONT,
				fontSize: 12,
				color: MUTED,
				charSpacing: 1
			});
			slide.addText(p.territory.nom, { x: 0.6, y: 1.6, w: W - 1.2, h: 1, fontFace: FONT, fontSize: 40, bold: true, color: INK });
			slide.addText('L’économie sociale et solidaire et le Dispositif Local d’Accompagnement', {
				x: 0.6,
				y: 2.6,
				w: W - 1.2,
				h: 0.5,
				fontFace: FONT,
				fontSize: 18,
				color: INK
			});
			slide.addText(`${p.dla.dispositif} · ${p.dla.porteur} · accompagnements ${period} · édité le ${options.generated}`, {
				x: 0.6,
				y: 3.2,
				w: W - 1.2,
				h: 0.4,
				fontFace: FONT,
				fontSize: 12,
				color: MUTED
			});
			if (demo)
				slide.addText('Données de démonstration (en partie fictives)', {
					x: 0.6,
					y: 3.8,
					w: 4.2,
					h: 0.35,
					fontFace: FONT,
					fontSize: 11,
					color: '8A5A00',
					line: { color: '8A5A00', width: 1, dashType: 'dash' }
				});
		},
		chiffres: (slide) => {
			title(slide, SLIDE_TITLES.chiffres);
			const figures = keyFigures(p);
			const columns = 4;
			const cw = (W - 0.8 - (columns - 1) * 0.15) / columns;
			const ch = 2.1;
			figures.forEach((f, i) => {
				const x = 0.4 + (i % columns) * (cw + 0.15);
				const y = 0.95 + Math.floor(i / columns) * (ch + 0.15);
				slide.addText(
					[
						{ text: f.label, options: { fontSize: 11, color: '3E4C59', breakLine: true } },
						{ text: f.value, options: { fontSize: 24, bold: true, color: INK, breakLine: true } },
						...(f.reference ? [{ text: f.reference, options: { fontSize: 9, color: INK, breakLine: true } }] : []),
						{ text: f.source, options: { fontSize: 7, color: MUTED } }
					],
					{
						x,
						y,
						w: cw,
						h: ch,
						valign: 'top',
						fontFace: FONT,
						margin: 6,
						fill: { color: 'FFFFFF' },
						line: { color: 'CBD2D9', width: 0.75 },
						objectName: `figure-${f.id}`
					}
				);
			});
		},
		carte: (slide) => {
			title(slide, SLIDE_TITLES.carte);
			const box = mapBox(p, 0.4, 0.9, 6.6, 4.2);
			structuresMap(slide, p, box);
			const accompanied = p.map.accompanied;
			slide.addText(
				[
					{ text: `${formatInteger(p.map.located)} structures de l’ESS localisées`, options: { bold: true, breakLine: true } },
					{ text: `● ${formatInteger(accompanied)} accompagnées sur ${period}`, options: { color: BLUE, breakLine: true } },
					{
						text: `○ ${formatInteger(p.map.located - accompanied)} non accompagnées`,
						options: { color: VERMILLION, breakLine: true }
					},
					{ text: 'Points à l’adresse ou, à défaut, dans la commune.', options: { fontSize: 9, color: MUTED } }
				],
				{ x: box.x + box.w + 0.2, y: 1.0, w: W - box.x - box.w - 0.6, h: 2, valign: 'top', fontFace: FONT, fontSize: 12, color: INK }
			);
			footer(slide, 'Limites : IGN – ADMIN EXPRESS · COG : INSEE · structures : ' + sourcesText(p.figures.structure_sources));
		},
		ou: (slide) => {
			const gaps = p.departement_gaps;
			title(slide, `${SLIDE_TITLES.ou} (${period})`);
			if (!gaps) return;
			const head = (texts: string[]) => texts.map((text) => ({ text, options: { bold: true, color: INK, fill: { color: 'E4E7EB' } } }));
			const missing = (m: number) =>
				Math.round(m) > 0 ? formatInteger(Math.round(m)) : Math.round(m) < 0 ? `aucune (+${formatInteger(-Math.round(m))})` : '0';
			slide.addTable(
				[
					head(['Zone', 'Structures', 'Accompagnées', 'Taux', 'Manquantes']),
					...gaps.zones.map((z) => [
						{ text: `${z.nom}${z.priority ? ' ★' : ''}`, options: { bold: z.priority } },
						{ text: formatInteger(z.structures) },
						{ text: formatInteger(z.accompanied) },
						{ text: z.rate === null ? '—' : formatPercent(z.rate, 0) },
						{ text: missing(z.missing), options: { bold: true } }
					])
				],
				{
					x: 0.4,
					y: 0.9,
					w: 5.2,
					colW: [1.4, 0.95, 1.05, 0.7, 1.1],
					fontFace: FONT,
					fontSize: 9,
					color: INK,
					border: { type: 'solid', color: 'CBD2D9', pt: 0.5 },
					align: 'left'
				}
			);
			const top = gaps.epci.slice(0, 8);
			slide.addTable(
				[
					head(['Rang', 'EPCI', 'Zone', 'Manquantes', 'Score']),
					...top.map((e) => [
						{ text: String(e.rank) },
						{ text: e.nom },
						{ text: e.zone ?? '—' },
						{ text: formatDecimal(e.missing, 0) },
						{ text: formatDecimal(e.score, 0) }
					])
				],
				{
					x: 0.4,
					y: 2.35,
					w: 5.2,
					colW: [0.5, 2.5, 0.7, 0.85, 0.65],
					fontFace: FONT,
					fontSize: 8,
					color: INK,
					border: { type: 'solid', color: 'CBD2D9', pt: 0.5 }
				}
			);
			gapMap(slide, p, mapBox(p, 5.8, 0.9, 3.8, 3.9));
			footer(
				slide,
				`Manquantes = attendues au taux du département (${gaps.reference_rate === null ? '—' : formatPercent(gaps.reference_rate, 0)}) − accompagnées${gaps.priority ? ` · ★ zones prioritaires : ${gaps.priority.nom}` : ''} · analyse des manques du DLA`
			);
		},
		secteurs: (slide) => {
			title(slide, SLIDE_TITLES.secteurs);
			const rows = sectorChartRows(p.sectors, !isDepartement, 8).reverse();
			slide.addChart(
				'bar' as PptxGenJS.CHART_NAME,
				series.map((name, s) => ({ name, labels: rows.map((r) => r.label), values: rows.map((r) => Math.round(r.values[s] * 1000) / 10) })),
				{
					x: 0.4,
					y: 0.9,
					w: W - 0.8,
					h: 4.2,
					barDir: 'bar',
					barGrouping: 'clustered',
					chartColors: [BLUE, 'E69F00'],
					showLegend: series.length > 1,
					legendPos: 'b',
					showValue: true,
					dataLabelFormatCode: '0" %"',
					valAxisHidden: true,
					valGridLine: { style: 'none' },
					catAxisLabelFontSize: 10,
					dataLabelFontSize: 9,
					showTitle: true,
					title: 'Part des structures par secteur (%)',
					titleFontSize: 12
				}
			);
			footer(slide, `Secteurs d’après le code NAF · source : ${sourcesText(p.figures.structure_sources)}`);
		},
		activite: (slide) => {
			title(slide, `${SLIDE_TITLES.activite} (${period})`);
			slide.addChart(
				'bar' as PptxGenJS.CHART_NAME,
				YEAR_SERIES.map((name, s) => ({
					name,
					labels: p.years.map((y) => String(y.year)),
					values: p.years.map((y) => (s === 0 ? y.accompanied : y.first_accompanied))
				})),
				{
					x: 0.4,
					y: 0.9,
					w: 5.4,
					h: 3.8,
					barDir: 'col',
					barGrouping: 'clustered',
					chartColors: [BLUE, 'E69F00'],
					showLegend: true,
					legendPos: 'b',
					showValue: true,
					valGridLine: { color: 'E4E7EB', size: 0.5 },
					showTitle: true,
					title: 'Structures accompagnées par année',
					titleFontSize: 12
				}
			);
			slide.addText(
				[
					{
						text: `${formatInteger(p.figures.accompanied)} structure${p.figures.accompanied > 1 ? 's' : ''} accompagnée${p.figures.accompanied > 1 ? 's' : ''} sur ${period}`,
						options: { bold: true, fontSize: 18, breakLine: true }
					},
					{
						text: `${formatInteger(p.figures.accompaniments)} parcours DLA actifs (une structure peut en suivre plusieurs)`,
						options: { fontSize: 11, color: MUTED, breakLine: true }
					},
					...p.accompanied_structures
						.slice(0, 10)
						.map((s) => ({ text: `${s.nom} (${s.commune})`, options: { fontSize: 9, breakLine: true } })),
					...(p.accompanied_structures_count > 10
						? [{ text: `… et ${formatInteger(p.accompanied_structures_count - 10)} autres`, options: { fontSize: 9, color: MUTED } }]
						: [])
				],
				{ x: 6, y: 0.9, w: 3.6, h: 3.8, valign: 'top', fontFace: FONT, color: INK }
			);
			footer(slide, `${yearChartNote(p.years, period)} Source : ${dlaSource}`);
		},
		manques: (slide) => {
			title(slide, SLIDE_TITLES.manques);
			slide.addText(p.gap.summary, { x: 0.4, y: 0.9, w: W - 0.8, h: 1.5, valign: 'top', fontFace: FONT, fontSize: 14, color: INK });
			slide.addText(
				proposals(p).map((text) => ({ text, options: { bullet: true, breakLine: true } })),
				{ x: 0.4, y: 2.5, w: W - 0.8, h: 2.5, valign: 'top', fontFace: FONT, fontSize: 13, color: INK, paraSpaceAfter: 6 }
			);
		},
		contacts: (slide) => {
			title(slide, SLIDE_TITLES.contacts);
			const d = p.dla;
			const lines: PptxGenJS.TextProps[] = [
				{ text: d.dispositif, options: { bold: true, fontSize: 22, breakLine: true } },
				{ text: `porté par ${d.porteur}${d.porteur_nom ? ` (${d.porteur_nom})` : ''}`, options: { breakLine: true } },
				{ text: `${d.adresse}, ${d.code_postal} ${d.commune}`, options: { breakLine: true } }
			];
			if (d.telephone) lines.push({ text: `Tél. ${d.telephone}`, options: { breakLine: true } });
			if (d.courriel)
				lines.push({ text: `Courriel : ${d.courriel}`, options: { breakLine: true, hyperlink: { url: `mailto:${d.courriel}` } } });
			if (d.site) lines.push({ text: d.site, options: { breakLine: true, hyperlink: { url: d.site } } });
			if (options.presenter)
				lines.push({
					text: `Votre interlocuteur·rice : ${options.presenter.nom || options.presenter.email}${options.presenter.nom ? `, ${options.presenter.email}` : ''}`,
					options: { breakLine: true, bold: true }
				});
			if (d.mention) lines.push({ text: d.mention, options: { fontSize: 11, color: MUTED } });
			slide.addText(lines, {
				x: 0.6,
				y: 1.0,
				w: W - 1.2,
				h: 4,
				valign: 'top',
				fontFace: FONT,
				fontSize: 16,
				color: INK,
				paraSpaceAfter: 4
			});
		}
	};

	for (const id of portraitSlides(p.departement_gaps !== null)) {
		const slide = pptx.addSlide();
		slide.background = { color: 'FFFFFF' };
		draw[id](slide);
	}
	return (await pptx.write({ outputType: 'nodebuffer' })) as Buffer;
}
