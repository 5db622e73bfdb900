import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationOption } from '@idv-documents/shared/descriptions/operations';
import {
	optionsCollection,
	readResendWhenUnsure,
	resendWhenUnsureOption,
} from '@idv-documents/shared/descriptions/requestControl';
import type { OperationExecute } from '@idv-documents/shared/run/router';
import { optionsOf } from '@idv-documents/shared/run/runControl';
import { MEDIA_TYPES } from '../../media';
import { readMediaDetails } from '../../mediaDetails';
import { checkObjectId, OBJECT_TYPES, type Unit21ObjectType } from '../../objectTypes';
import { checkOrgName, prepareFiles, uploadMedia } from '../../upload';

/** Every object type takes media the same way; the action names the resource. */
export function option(resource: string): OperationOption {
	const { article } = OBJECT_TYPES[resource as Unit21ObjectType];
	return {
		name: 'Add Media',
		action: `Add media to ${article}`,
		description: `Attach files from the input item to ${article}`,
	};
}

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

export const execute: OperationExecute = async function (item) {
	const { itemIndex } = item;
	const objectType = this.getNodeParameter('resource', itemIndex) as Unit21ObjectType;
	const idField = ID_FIELDS[objectType];
	const objectId = checkObjectId(
		this,
		objectType,
		this.getNodeParameter(idField.name, itemIndex, ''),
		idField.displayName,
		itemIndex,
	);
	const uploadMode = this.getNodeParameter('uploadMode', itemIndex, 'formData') as string;
	const options = optionsOf(this, itemIndex);
	const details = readMediaDetails(this, options, itemIndex);
	checkOrgName(item, objectType);
	const files = await prepareFiles(
		this,
		objectType,
		itemIndex,
		{
			binaryProperties: String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')),
			mediaType: this.getNodeParameter('mediaType', itemIndex, 'auto') as string,
		},
		{ uploadMode, details },
	);
	return await uploadMedia(item, {
		objectType,
		objectId,
		uploadMode,
		files,
		details,
		resendWhenUnsure: readResendWhenUnsure(options),
	});
};

/** A linked item for the error of a stopped run: "entity e-1: front.jpg, back.jpg". */
export function describeDone(outputs: INodeExecutionData[]): string | undefined {
	const json = outputs[0]?.json;
	if (!json) return undefined;
	const files = Array.isArray(json.files)
		? (json.files as IDataObject[]).map((file) => String(file.fileName))
		: [];
	return `${String(json.objectType)} ${String(json.objectId)}${files.length ? `: ${files.join(', ')}` : ''}`;
}
