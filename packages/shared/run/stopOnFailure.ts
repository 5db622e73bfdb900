/**
 * Without "continue on error", the first failing item stops the run: no item begins
 * after it. An item begins with its first request (reading its input changes nothing
 * anywhere), so items still preparing are refused before they send anything, while
 * items whose requests went out finish. The error then says which items were already
 * done, so a run started again can leave them out instead of creating them twice.
 */
import { sleep } from 'n8n-workflow';

import type { RequestAdmission } from '../http/connection';

/** What an item's first request throws once the run has stopped. */
export class ItemNotStarted extends Error {
	constructor(
		readonly itemIndex: number,
		readonly stoppedBy: number,
	) {
		super(`Item ${itemIndex} was not started: item ${stoppedBy} failed before`);
	}
}

/**
 * One run's stop: which item failed first, and which items began, were refused or
 * settled. Items begin in input order, so that at Concurrency 1 item 1 goes only after
 * item 0, and a stop leaves done the items before the failure and those in flight.
 */
export class RunStop {
	private failed: number | undefined;

	private readonly begun = new Set<number>();

	private readonly refused = new Set<number>();

	private readonly settled = new Set<number>();

	/** Every item below this one has begun, been refused or settled. */
	private firstOpen = 0;

	private readonly waiting: Array<() => void> = [];

	/** The item whose failure stopped the run, if one did. */
	get stoppedBy(): number | undefined {
		return this.failed;
	}

	/** Records a failure; only the first one stops the run. */
	stop(itemIndex: number): void {
		this.failed ??= itemIndex;
		this.changed();
	}

	/** The item's work ended (with or without a request): later items need not wait for it. */
	settle(itemIndex: number): void {
		this.settled.add(itemIndex);
		this.changed();
	}

	/** The item's requests ask here when they may go. */
	admissionOf(itemIndex: number): RequestAdmission {
		return {
			awaitTurn: async () => await this.awaitTurn(itemIndex),
			beforeSending: async () => await this.beforeSending(itemIndex),
		};
	}

	/** Whether the item was refused before its first request (nothing of it was sent). */
	wasRefused(itemIndex: number): boolean {
		return this.refused.has(itemIndex);
	}

	/**
	 * Awaited before a request of the item queues for a slot: an item that has not begun
	 * waits until every earlier item has, and is refused once the run has stopped.
	 */
	async awaitTurn(itemIndex: number): Promise<void> {
		while (!this.begun.has(itemIndex) && this.failed === undefined && this.firstOpen < itemIndex)
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		this.refuseIfStopped(itemIndex);
	}

	/**
	 * Awaited inside the request slot right before each request of an item goes out: an
	 * item that has begun goes on; one that has not begins now, or is refused once the
	 * run has stopped.
	 */
	async beforeSending(itemIndex: number): Promise<void> {
		if (this.begun.has(itemIndex)) return;
		// The slot this request just got was freed by an answer that the item it belongs to
		// is still judging (in promise callbacks); a failure found there must count first.
		await sleep(0);
		this.refuseIfStopped(itemIndex);
		this.begun.add(itemIndex);
		this.changed();
	}

	private refuseIfStopped(itemIndex: number): void {
		if (this.begun.has(itemIndex) || this.failed === undefined) return;
		this.refused.add(itemIndex);
		this.changed();
		throw new ItemNotStarted(itemIndex, this.failed);
	}

	private changed(): void {
		while (
			this.begun.has(this.firstOpen) ||
			this.refused.has(this.firstOpen) ||
			this.settled.has(this.firstOpen)
		)
			this.firstOpen++;
		for (const wake of this.waiting.splice(0)) wake();
	}
}

/** How a run that stopped ended, item by item (the failing item excluded). */
export interface StoppedRun {
	/** Input items in the run. */
	itemCount: number;
	/** The item whose failure stopped the run. */
	failedItem: number;
	/** Items that finished, in input order, each with what it did if the operation says. */
	done: Array<{ itemIndex: number; summary?: string }>;
	/** Items that failed too (in flight, or while preparing), in input order. */
	alsoFailed: Array<{ itemIndex: number; message: string }>;
}

/** Done items described one by one at most; the rest are given as item numbers. */
export const DESCRIBED_ITEMS_AT_MOST = 1000;
/** An item's summary past this length is cut: it is a reminder, not the output. */
const SUMMARY_CHARACTERS_AT_MOST = 300;

/** "item 4", "items 1, 3, 5 to 9": consecutive runs of three or more as a range. */
export function itemNumbers(indexes: number[]): string {
	const sorted = [...indexes].sort((a, b) => a - b);
	const parts: string[] = [];
	for (let start = 0; start < sorted.length; ) {
		let end = start;
		while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end++;
		if (end - start >= 2) parts.push(`${sorted[start]} to ${sorted[end]}`);
		else for (let at = start; at <= end; at++) parts.push(String(sorted[at]));
		start = end + 1;
	}
	return `${sorted.length === 1 ? 'item' : 'items'} ${parts.join(', ')}`;
}

function cut(text: string, at: number): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > at ? `${flat.slice(0, at - 1)}…` : flat;
}

/**
 * What the error adds about the other items: which were not started, which were done
 * (and what they did), which failed too. Empty when the run had no other item.
 */
export function describeStoppedRun(run: StoppedRun): string {
	const accounted = new Set<number>([
		run.failedItem,
		...run.done.map((item) => item.itemIndex),
		...run.alsoFailed.map((item) => item.itemIndex),
	]);
	const notStarted: number[] = [];
	for (let index = 0; index < run.itemCount; index++)
		if (!accounted.has(index)) notStarted.push(index);
	const sentences: string[] = [];
	if (notStarted.length)
		sentences.push(
			`The run stopped at this failure: ${itemNumbers(notStarted)} ${notStarted.length === 1 ? 'was' : 'were'} not started.`,
		);
	if (run.done.length) {
		const described = run.done.slice(0, DESCRIBED_ITEMS_AT_MOST).map(({ itemIndex, summary }) => {
			const text = summary ? cut(summary, SUMMARY_CHARACTERS_AT_MOST) : '';
			return text ? `item ${itemIndex} (${text})` : `item ${itemIndex}`;
		});
		const rest = run.done.slice(DESCRIBED_ITEMS_AT_MOST).map((item) => item.itemIndex);
		sentences.push(
			`Already done before the run stopped: ${described.join(', ')}${
				rest.length
					? `, and ${itemNumbers(rest)} (not described here: with "continue on error" on, every item keeps its result)`
					: ''
			}. Leave them out when you run the node again, or they are done twice.`,
		);
	}
	if (run.alsoFailed.length)
		sentences.push(
			`Also failed: ${run.alsoFailed
				.map(
					({ itemIndex, message }) =>
						`item ${itemIndex} (${cut(message, SUMMARY_CHARACTERS_AT_MOST)})`,
				)
				.join(', ')}.`,
		);
	return sentences.join(' ');
}
