/**
 * Number options read one way. Each option is declared once (name, default, bounds):
 * its UI description shows that default and those bounds (descriptions/numberOption.ts),
 * and the code falls back to the same default, so the two cannot drift apart.
 */
import type { IDataObject } from 'n8n-workflow';

export interface NumberOption {
	/** The option's name in its collection. */
	readonly name: string;
	/** What the UI shows, and what the code uses when the option is unset or unusable. */
	readonly default: number;
	readonly min?: number;
	readonly max?: number;
}

/**
 * A limit or a rate: the option when it is a number above 0, else its default, so an
 * expression giving nothing or nonsense never lifts a limit. Not capped: the UI bounds
 * what is typed in.
 */
export function readPositive(options: IDataObject, option: NumberOption): number {
	const value = Number(options[option.name] ?? option.default);
	return Number.isFinite(value) && value > 0 ? value : option.default;
}

/** A count: the option rounded down and kept within its bounds; its default when not a number. */
export function readWholeNumber(options: IDataObject, option: NumberOption): number {
	return wholeNumberWithin(options[option.name], option);
}

/** readWholeNumber for a value already taken out of its collection. */
export function wholeNumberWithin(raw: unknown, option: NumberOption): number {
	const value = Number(raw ?? option.default);
	const whole = Math.floor(Number.isFinite(value) ? value : option.default);
	return Math.max(option.min ?? whole, Math.min(option.max ?? whole, whole));
}
