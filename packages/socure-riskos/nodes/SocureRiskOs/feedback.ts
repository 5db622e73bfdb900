/**
 * Fraud feedback as RiskOS takes it: the date and tag fields of one submission, and the
 * columns a feedback CSV must carry. Pure functions; the operations read parameters and files.
 */

/** The columns POST /api/feedback/import requires, in the documented order. */
export const FEEDBACK_CSV_COLUMNS = [
	'id',
	'workflow',
	'fraud_label',
	'fraud_type',
	'notes',
	'recorded_at',
	'recorded_by',
	'tags',
] as const;

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * The YYYY-MM-DD RiskOS wants, from a date or an ISO date-time (n8n's date picker, $now):
 * the date as written, so a local evening is not moved to the next day by a UTC conversion.
 * Undefined for anything else and for dates that do not exist (2026-02-30).
 */
export function recordedDate(value: unknown): string | undefined {
	const text = value instanceof Date ? value.toISOString() : String(value ?? '').trim();
	const match = DATE.exec(text);
	if (!match) return undefined;
	const [year, month, day] = match.slice(1, 4).map(Number);
	const calendar = new Date(Date.UTC(year, month - 1, day));
	if (
		calendar.getUTCFullYear() !== year ||
		calendar.getUTCMonth() !== month - 1 ||
		calendar.getUTCDate() !== day
	)
		return undefined;
	return `${match[1]}-${match[2]}-${match[3]}`;
}

/** Tags from a comma-separated string (or a list an expression gives), trimmed, empty ones dropped. */
export function tagList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map(String) : String(value ?? '').split(',');
	return parts.map((tag) => tag.trim()).filter(Boolean);
}

/** The column names of a CSV's header row: the first line, split on commas outside quotes, unquoted. */
export function csvHeader(content: Buffer): string[] {
	// The header is all that is checked: only the file's start is decoded.
	let text = content.subarray(0, 64 * 1024).toString('utf8');
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	const columns: string[] = [];
	let current = '';
	let quoted = false;
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (quoted) {
			if (char === '"' && text[index + 1] === '"') {
				current += '"';
				index++;
			} else if (char === '"') quoted = false;
			else current += char;
		} else if (char === '"') quoted = true;
		else if (char === ',') {
			columns.push(current.trim());
			current = '';
		} else if (char === '\n' || char === '\r') break;
		else current += char;
	}
	columns.push(current.trim());
	return columns.length === 1 && columns[0] === '' ? [] : columns;
}

/** The required columns a header lacks, in the documented order. */
export function missingFeedbackColumns(header: string[]): string[] {
	return FEEDBACK_CSV_COLUMNS.filter((column) => !header.includes(column));
}
