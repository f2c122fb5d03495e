// The tables Maillage hands to a spreadsheet, one dialect for every export: CSV as French Excel
// opens it (UTF-8 with BOM, « ; », decimal comma, CRLF, formulas escaped) and XLSX with a bold,
// frozen, filterable header row.
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

export type Cell = string | number | boolean | Date | null | undefined;

/** One column of an exported table: its header, how to read it from a row, its XLSX width. */
export interface Column<Row> {
	label: string;
	value: (row: Row) => Cell;
	width?: number;
}

/** Rows as French-Excel CSV: a header line of labels, then a line per row. */
export function csvTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
	return csvRecords(
		columns.map((c) => c.label),
		rows.map((row) => columns.map((c) => c.value(row)))
	);
}

/** Records (already cells) as French-Excel CSV, under a header line. */
export function csvRecords(header: readonly string[], records: readonly (readonly Cell[])[]): string {
	return stringify(
		records.map((r) => [...r]),
		{
			bom: true,
			delimiter: ';',
			header: true,
			columns: [...header],
			record_delimiter: 'windows',
			cast: { number: (n) => String(n).replace('.', ','), boolean: (b) => (b ? 'oui' : 'non') },
			escape_formulas: true
		}
	);
}

/** Rows as an XLSX workbook of one sheet named `title` (31 characters at most, as Excel wants). */
export async function xlsxTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[], title: string): Promise<Buffer> {
	return xlsxWorkbook([xlsxSheet(columns, rows, title)]);
}

/** One sheet of a workbook, ready to be added: typed by its own rows. */
export type XlsxSheet = (workbook: ExcelJS.Workbook) => void;

export function xlsxSheet<Row>(columns: readonly Column<Row>[], rows: readonly Row[], title: string): XlsxSheet {
	return (workbook) => {
		const sheet = workbook.addWorksheet(title.slice(0, 31));
		sheet.columns = columns.map((c, i) => ({ header: c.label, key: `c${i}`, width: c.width ?? 14 }));
		for (const row of rows) sheet.addRow(Object.fromEntries(columns.map((c, i) => [`c${i}`, c.value(row)])));
		sheet.getRow(1).font = { bold: true };
		sheet.views = [{ state: 'frozen', ySplit: 1 }];
		sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
	};
}

/** Several tables as one XLSX workbook, a sheet each, in the order given. */
export async function xlsxWorkbook(sheets: readonly XlsxSheet[]): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Maillage';
	for (const add of sheets) add(workbook);
	return Buffer.from(await workbook.xlsx.writeBuffer());
}
