import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { jsonParse, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	optionsCollection,
	readResendWhenUnsure,
	resendWhenUnsureOption,
} from '@idv-documents/shared/descriptions/requestControl';
import { readInputBinary } from '@idv-documents/shared/files/binaryData';
import { encodeMultipart, type MultipartPart } from '@idv-documents/shared/files/multipart';
import { OPTIONS_COLLECTION } from '@idv-documents/shared/run/runControl';
import type { ItemScope } from '@idv-documents/shared/http/connection';
import { formatBytes } from '@idv-documents/shared/text/bytes';
import {
	ACCEPTED_EXTENSIONS,
	isAcceptedExtension,
	MAX_FILE_BYTES,
	MEDIA_TYPES,
	resolveMediaType,
	selectProperties,
	toEpochSeconds,
	uploadFileName,
} from '../../media';
import { linkMedia, type Unit21ObjectType } from '../../transport';

/** Entity and event IDs are the customer's own: 1–128 of the documented characters. */
const CUSTOMER_ID = /^[-_:.@a-zA-Z0-9!#$%&*+/=?^`{']{1,128}$/;
/** Alert and case IDs are assigned by Unit21. */
const UNIT21_ID = /^[A-Za-z0-9_-]{1,64}$/;

const ID_FIELDS: Record<
	Unit21ObjectType,
	{ name: string; displayName: string; description: string; hint: string; placeholder: string }
> = {
	entity: {
		name: 'entityId',
		displayName: 'Entity ID',
		description: 'Your own ID of the entity, as you sent it to Unit21 (not the Unit21 ID)',
		hint: 'E.g. the customer ID your Socure evaluation was for',
		placeholder: 'u-3593dece-6642-4cdc-8547-aafc1454e0a0',
	},
	event: {
		name: 'eventId',
		displayName: 'Event ID',
		description:
			'Your own ID of the event, as you sent it to Unit21. Event media needs a media type.',
		hint: 'The event_id of the transaction or action event',
		placeholder: 'txn-1560408033',
	},
	alert: {
		name: 'alertId',
		displayName: 'Alert ID',
		description: 'The Unit21 ID of the alert (shown in Unit21 and in alert webhooks)',
		hint: "From a Unit21 webhook: the alert's unit21_id",
		placeholder: '571485314',
	},
	case: {
		name: 'caseId',
		displayName: 'Case ID',
		description: 'The Unit21 ID of the case (shown in Unit21 and in case webhooks)',
		hint: "From a Unit21 webhook: the case's unit21_id",
		placeholder: '571485314',
	},
};

const properties: INodeProperties[] = [
	...(Object.keys(ID_FIELDS) as Unit21ObjectType[]).map(
		(resource): INodeProperties => ({
			...ID_FIELDS[resource],
			type: 'string',
			required: true,
			default: '',
			displayOptions: { show: { resource: [resource] } },
		}),
	),
	{
		displayName: 'Input Binary Field(s)',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		description:
			'The binary property to upload; a comma-separated list uploads several files in one request; * uploads every binary property of the item',
		hint: 'Socure RiskOS writes "data" per file, or documentFront, documentBack, selfie… in one item (use *)',
	},
	{
		displayName: 'Media Type',
		name: 'mediaType',
		type: 'options',
		default: 'auto',
		description:
			'What Unit21 should treat each file as; recognised ID and face types enable document verification',
		options: [
			{
				name: 'Automatic (From Input Item)',
				value: 'auto',
				description:
					'Use the unit21MediaType the Socure RiskOS node puts on each file (front, back, selfie); none otherwise',
			},
			{ name: 'None', value: 'none', description: 'Send no media type' },
			...MEDIA_TYPES.map((value) => ({
				name: value
					.replace(/^IMAGE_/, '')
					.toLowerCase()
					.split('_')
					.map((word) => (word === 'id' ? 'ID' : word.charAt(0).toUpperCase() + word.slice(1)))
					.join(' '),
				value,
				description: value,
			})),
		],
	},
	{
		displayName: 'Upload Mode',
		name: 'uploadMode',
		type: 'options',
		default: 'formData',
		options: [
			{
				name: 'Multipart Form Data',
				value: 'formData',
				description: 'Files as form parts (smallest request)',
			},
			{ name: 'Base64 JSON', value: 'base64', description: 'A JSON array of base64 media objects' },
		],
	},
	optionsCollection([
		{
			displayName: 'Custom Data',
			name: 'customData',
			type: 'json',
			default: '{}',
			description:
				'A JSON object stored with each file as custom_data (e.g. reviewer notes, the Socure evaluation ID)',
		},
		resendWhenUnsureOption,
		{
			displayName: 'Custom Data From Fields',
			name: 'customDataFields',
			type: 'string',
			default: '',
			placeholder: '_id, status, validationResults, riskScore',
			description:
				"Fields of the input item's JSON to store in custom_data under their own names, comma-separated; a dot reaches into an object (validationResults.printedCopy). Merged with Custom Data, these fields winning.",
			hint: 'After Verifik: _id, validationResults, riskScore puts its verdict on the file in Unit21',
		},
		{
			displayName: 'Source',
			name: 'source',
			type: 'string',
			default: '',
			placeholder: 'socure_docv',
			description: 'Where the media came from, stored with each file',
		},
		{
			displayName: 'Timestamp',
			name: 'timestamp',
			type: 'string',
			default: '',
			placeholder: '1572673229',
			description:
				'When the media was captured: epoch seconds or an ISO date, sent as epoch seconds',
		},
	]),
];

export const description = updateDisplayOptions({ show: { operation: ['addMedia'] } }, properties);

interface PreparedFile {
	property: string;
	fileName: string;
	mimeType: string;
	mediaType?: string;
	content: Buffer;
}

function fail(
	context: IExecuteFunctions,
	itemIndex: number,
	message: string,
	description: string,
): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, { itemIndex, description });
}

function readObjectId(
	context: IExecuteFunctions,
	objectType: Unit21ObjectType,
	itemIndex: number,
): string {
	const field = ID_FIELDS[objectType];
	const id = String(context.getNodeParameter(field.name, itemIndex, '') ?? '').trim();
	const pattern = objectType === 'entity' || objectType === 'event' ? CUSTOMER_ID : UNIT21_ID;
	// "." and ".." pass encodeURIComponent and URL parsing resolves them: the upload would go to another path.
	if (!pattern.test(id) || /^\.+$/.test(id)) {
		throw fail(
			context,
			itemIndex,
			id
				? `${field.displayName} "${id}" is not a valid Unit21 ${objectType} ID`
				: `${field.displayName} is empty`,
			objectType === 'entity' || objectType === 'event'
				? `Use 1 to 128 characters of letters, digits and -_:.@!#$%&*+/=?^\`{', not dots alone (your own ${objectType} ID).`
				: `Use the Unit21 ID of the ${objectType}: letters, digits, - or _, e.g. 571485314.`,
		);
	}
	return id;
}

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
			throw fail(
				context,
				itemIndex,
				'Custom Data is not valid JSON',
				`Enter a JSON object, e.g. {"evaluationId": "{{ $json.evaluationId }}"}. Received: ${raw.slice(0, 200)}`,
			);
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw fail(
			context,
			itemIndex,
			'Custom Data must be a JSON object',
			'Wrap the values in {…}, e.g. {"reviewer": "alice"}.',
		);
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
			throw fail(
				context,
				itemIndex,
				`Custom Data From Fields names "${name}", which item ${itemIndex}'s JSON does not have`,
				`Its fields are: ${Object.keys(json).join(', ') || 'none'}. Correct the name or remove it from Custom Data From Fields.`,
			);
		}
		picked[name] = value as IDataObject[string];
	}
	return picked;
}

async function prepareFiles(
	context: IExecuteFunctions,
	objectType: Unit21ObjectType,
	itemIndex: number,
): Promise<PreparedFile[]> {
	const item = context.getInputData()[itemIndex];
	const selector = String(context.getNodeParameter('binaryPropertyName', itemIndex, 'data'));
	const mediaTypeChoice = context.getNodeParameter('mediaType', itemIndex, 'auto') as string;
	const available = Object.keys(item.binary ?? {});
	const names = selectProperties(selector, available);
	if (!names.length) {
		throw fail(
			context,
			itemIndex,
			`Input item ${itemIndex} has no binary data to upload`,
			'Connect a node that outputs files (e.g. Socure RiskOS) before this one.',
		);
	}
	const files: PreparedFile[] = [];
	for (const property of names) {
		const metadata = item.binary?.[property];
		// Refuse oversize files from their metadata before reading them into memory.
		if (metadata?.bytes !== undefined && metadata.bytes > MAX_FILE_BYTES) {
			throw tooLarge(context, itemIndex, property, metadata.fileName, metadata.bytes);
		}
		const { content, metadata: binary } = await readInputBinary(context, itemIndex, property);
		const fileName = uploadFileName(binary.fileName, binary.mimeType, property);
		if (!fileName) {
			throw fail(
				context,
				itemIndex,
				`The file in binary property "${property}" of item ${itemIndex} has no file extension`,
				`Unit21 needs the extension in the name, and the MIME type "${binary.mimeType}" does not imply one. Rename the file (e.g. with an Edit Fields node) to end in one of: ${ACCEPTED_EXTENSIONS.join(', ')}.`,
			);
		}
		if (!isAcceptedExtension(fileName)) {
			throw fail(
				context,
				itemIndex,
				`Unit21 does not accept "${fileName}" (binary property "${property}" of item ${itemIndex})`,
				`Accepted file types: ${ACCEPTED_EXTENSIONS.join(', ')}. Convert the file or leave it out of the binary property list.`,
			);
		}
		if (content.length > MAX_FILE_BYTES)
			throw tooLarge(context, itemIndex, property, fileName, content.length);
		const mediaType = resolveMediaType(mediaTypeChoice, property, item.json);
		if (objectType === 'event' && !mediaType) {
			throw fail(
				context,
				itemIndex,
				`Unit21 requires a media type for event media, and "${property}" of item ${itemIndex} has none`,
				'Pick a media type (e.g. Check Front) in Media Type, or make sure the input items carry unit21MediaType.',
			);
		}
		files.push({
			property,
			fileName,
			mimeType: binary.mimeType || 'application/octet-stream',
			mediaType,
			content,
		});
	}
	return files;
}

function tooLarge(
	context: IExecuteFunctions,
	itemIndex: number,
	property: string,
	fileName: string | undefined,
	bytes: number,
): NodeOperationError {
	return fail(
		context,
		itemIndex,
		`"${fileName ?? property}" (binary property "${property}" of item ${itemIndex}) is ${formatBytes(bytes)}, over Unit21's 5 MB limit per file`,
		'Compress or resize the file (e.g. with the Edit Image node) before this node.',
	);
}

interface Supplementary {
	customData?: IDataObject;
	source?: string;
	timestamp?: number;
}

function encodeBody(
	files: PreparedFile[],
	uploadMode: string,
	extra: Supplementary,
): { body: Buffer; contentType: string } {
	if (uploadMode === 'base64') {
		// Base64 objects have no source/timestamp fields: they travel in custom_data.
		const customData: IDataObject = {
			...(extra.customData ?? {}),
			...(extra.source !== undefined ? { source: extra.source } : {}),
			...(extra.timestamp !== undefined ? { timestamp: extra.timestamp } : {}),
		};
		const media = files.map((file) => ({
			media: file.content.toString('base64'),
			name: file.fileName,
			...(file.mediaType ? { media_type: file.mediaType } : {}),
			...(Object.keys(customData).length ? { custom_data: customData } : {}),
		}));
		return { body: Buffer.from(JSON.stringify(media)), contentType: 'application/json' };
	}
	const parts: MultipartPart[] = [];
	for (const file of files) {
		parts.push({
			name: file.property,
			content: file.content,
			fileName: file.fileName,
			contentType: file.mimeType,
		});
		const supplementary: IDataObject = {
			...(file.mediaType ? { media_type: file.mediaType } : {}),
			...(extra.source !== undefined ? { source: extra.source } : {}),
			...(extra.timestamp !== undefined ? { timestamp: extra.timestamp } : {}),
			...(extra.customData ? { custom_data: extra.customData } : {}),
		};
		if (Object.keys(supplementary).length)
			parts.push({ name: file.property, value: JSON.stringify(supplementary) });
	}
	return encodeMultipart(parts);
}

export async function execute(
	this: IExecuteFunctions,
	item: ItemScope<IExecuteFunctions>,
): Promise<INodeExecutionData[]> {
	const { itemIndex } = item;
	const objectType = this.getNodeParameter('resource', itemIndex) as Unit21ObjectType;
	const objectId = readObjectId(this, objectType, itemIndex);
	const uploadMode = this.getNodeParameter('uploadMode', itemIndex, 'formData') as string;
	const options = this.getNodeParameter(OPTIONS_COLLECTION, itemIndex, {}) as IDataObject;
	const fromFields = customDataFromFields(this, options, itemIndex);
	const customData = fromFields
		? { ...readCustomData(this, options, itemIndex), ...fromFields }
		: readCustomData(this, options, itemIndex);
	const source =
		typeof options.source === 'string' && options.source.trim() ? options.source.trim() : undefined;
	const timestamp = toEpochSeconds(options.timestamp);
	if (options.timestamp !== undefined && options.timestamp !== '' && timestamp === undefined) {
		throw fail(
			this,
			itemIndex,
			`Timestamp "${String(options.timestamp)}" is not a date`,
			'Enter epoch seconds (e.g. 1572673229) or an ISO date (e.g. 2026-11-22T10:00:00Z).',
		);
	}
	if (
		(objectType === 'entity' || objectType === 'event') &&
		!String(item.connection.credentials.orgName ?? '').trim()
	) {
		throw fail(
			this,
			itemIndex,
			'The Unit21 credential has no Organization Name',
			'Enter the org_name Unit21 assigned to you in the Unit21 API credential; entity and event paths need it.',
		);
	}
	const files = await prepareFiles(this, objectType, itemIndex);
	const { body, contentType } = encodeBody(files, uploadMode, { customData, source, timestamp });
	const response = await linkMedia(item, {
		objectType,
		objectId,
		body,
		contentType,
		resendWhenUnsure: readResendWhenUnsure(options),
	});
	return [
		{
			json: {
				objectType,
				objectId,
				uploadMode,
				files: files.map((file) => ({
					property: file.property,
					fileName: file.fileName,
					mimeType: file.mimeType,
					...(file.mediaType ? { mediaType: file.mediaType } : {}),
					size: file.content.length,
				})),
				...(response && typeof response === 'object' && Object.keys(response).length
					? { response: response as IDataObject }
					: {}),
			},
		},
	];
}

/** A linked item for the error of a stopped run: "entity e-1: front.jpg, back.jpg". */
export function describeDone(outputs: INodeExecutionData[]): string | undefined {
	const json = outputs[0]?.json;
	if (!json) return undefined;
	const files = Array.isArray(json.files)
		? (json.files as IDataObject[]).map((file) => String(file.fileName))
		: [];
	return `${String(json.objectType)} ${String(json.objectId)}${files.length ? `: ${files.join(', ')}` : ''}`;
}
