/**
 * What is stored with each file besides its bytes, read from the Add Media options:
 * custom data (typed in, and picked from the item's fields), source and timestamp.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { jsonParse, NodeOperationError } from 'n8n-workflow';

import { valueNestsDeeperThan } from '@idv-documents/shared/http/errors';
import { toEpochSeconds } from './media';

export interface MediaDetails {
	customData?: IDataObject;
	source?: string;
	/** Epoch seconds. */
	timestamp?: number;
}

/** The details the options ask for, or an error naming the option and what to enter. */
export function readMediaDetails(
	context: IExecuteFunctions,
	options: IDataObject,
	itemIndex: number,
): MediaDetails {
	const fromFields = customDataFromFields(context, options, itemIndex);
	const customData = fromFields
		? { ...readCustomData(context, options, itemIndex), ...fromFields }
		: readCustomData(context, options, itemIndex);
	if (customData && valueNestsDeeperThan(customData, MAX_CUSTOM_DATA_DEPTH)) {
		throw new NodeOperationError(
			context.getNode(),
			`Custom Data is nested more than ${MAX_CUSTOM_DATA_DEPTH} levels deep`,
			{
				itemIndex,
				description:
					'Flatten it: keep the values Unit21 should store a few levels down, or send a deep structure as a JSON string in one field.',
			},
		);
	}
	const source =
		typeof options.source === 'string' && options.source.trim() ? options.source.trim() : undefined;
	const timestamp = toEpochSeconds(options.timestamp);
	if (options.timestamp !== undefined && options.timestamp !== '' && timestamp === undefined) {
		throw new NodeOperationError(
			context.getNode(),
			`Timestamp "${String(options.timestamp)}" is not a date`,
			{
				itemIndex,
				description:
					'Enter epoch seconds (e.g. 1572673229) or an ISO date (e.g. 2026-11-22T10:00:00Z).',
			},
		);
	}
	return { customData, source, timestamp };
}

/**
 * Far deeper than any record a reviewer reads. JSON.parse takes any depth, but sending
 * 200,000 levels overflows JSON.stringify's call stack ("Maximum call stack size exceeded").
 */
export const MAX_CUSTOM_DATA_DEPTH = 100;

function readCustomData(
	context: IExecuteFunctions,
	options: IDataObject,
	itemIndex: number,
): IDataObject | undefined {
	const raw = options.customData;
	if (raw === undefined || raw === '' || raw === null) return undefined;
	let parsed: unknown = raw;
	if (typeof raw === 'string') {
		parsed = jsonParse(raw, { fallbackValue: Symbol.for('invalid') });
		if (parsed === Symbol.for('invalid')) {
			throw new NodeOperationError(context.getNode(), 'Custom Data is not valid JSON', {
				itemIndex,
				description: `Enter a JSON object, e.g. {"evaluationId": "{{ $json.evaluationId }}"}. Received: ${raw.slice(0, 200)}`,
			});
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new NodeOperationError(context.getNode(), 'Custom Data must be a JSON object', {
			itemIndex,
			description: 'Wrap the values in {…}, e.g. {"reviewer": "alice"}.',
		});
	}
	return Object.keys(parsed).length ? (parsed as IDataObject) : undefined;
}

/** The item's JSON fields named in Custom Data From Fields, under their names as written. */
function customDataFromFields(
	context: IExecuteFunctions,
	options: IDataObject,
	itemIndex: number,
): IDataObject | undefined {
	const names = String(options.customDataFields ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	if (!names.length) return undefined;
	const json = context.getInputData()[itemIndex]?.json ?? {};
	const picked: IDataObject = {};
	for (const name of names) {
		let value: unknown = json;
		for (const key of name.split('.'))
			value =
				value && typeof value === 'object' && !Array.isArray(value)
					? (value as IDataObject)[key]
					: undefined;
		if (value === undefined) {
			throw new NodeOperationError(
				context.getNode(),
				`Custom Data From Fields names "${name}", which item ${itemIndex}'s JSON does not have`,
				{
					itemIndex,
					description: `Its fields are: ${Object.keys(json).join(', ') || 'none'}. Correct the name or remove it from Custom Data From Fields.`,
				},
			);
		}
		picked[name] = value as IDataObject[string];
	}
	return picked;
}
