import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	optionsCollection,
	readResendWhenUnsure,
	resendWhenUnsureOption,
} from '@idv-documents/shared/descriptions/requestControl';
import type { ItemScope } from '@idv-documents/shared/http/connection';
import type { DoneItem } from '@idv-documents/shared/run/perItem';
import { OPTIONS_COLLECTION } from '@idv-documents/shared/run/runControl';
import {
	birthDateFields,
	checkEntityId,
	documentData,
	entityInputFailure,
	entityRequestBody,
	epochSecondsOf,
	entityWriteOutput,
	jsonObjectOf,
	listOf,
	riskScores,
	type DocumentInput,
	type RiskScoreInput,
} from '../../entities';
import { createOrUpdateEntity } from '../../transport';
import { entityIdField } from './fields';

export const option = {
	name: 'Create or Update',
	action: 'Create or update an entity',
	description:
		'Create the entity in Unit21, or update it when it exists (an upsert): user or business data, documents, risk scores, custom data',
};

const properties: INodeProperties[] = [
	entityIdField(
		'Your own ID of the entity (sent as general_data.entity_id): the same ID Add Media takes',
	),
	{
		displayName: 'Entity Type',
		name: 'entityType',
		type: 'options',
		default: 'user',
		options: [
			{ name: 'User', value: 'user', description: 'A person' },
			{ name: 'Business', value: 'business', description: 'A company' },
		],
		description: 'Sent as general_data.entity_type; Unit21 requires it for new entities',
	},
	{
		displayName: 'User Data',
		name: 'userData',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { entityType: ['user'] } },
		description: "The person's details, sent as user_data",
		options: [
			{
				displayName: 'Date of Birth',
				name: 'dateOfBirth',
				type: 'string',
				default: '',
				placeholder: '1990-12-23',
				description: 'YYYY-MM-DD; sent as day_of_birth, month_of_birth and year_of_birth',
			},
			{
				displayName: 'First Name',
				name: 'firstName',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Gender',
				name: 'gender',
				type: 'options',
				default: 'female',
				options: [
					{ name: 'Female', value: 'female' },
					{ name: 'Male', value: 'male' },
					{ name: 'Other', value: 'other' },
				],
			},
			{
				displayName: 'Last Name',
				name: 'lastName',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Middle Name',
				name: 'middleName',
				type: 'string',
				default: '',
			},
			{
				displayName: 'SSN',
				name: 'ssn',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				placeholder: '733-99-5921',
				description: 'Social security number, xxx-xx-xxxx',
			},
		],
	},
	{
		displayName: 'Business Data',
		name: 'businessData',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { entityType: ['business'] } },
		description: "The company's details, sent as business_data",
		options: [
			{
				displayName: 'Account Holder Name',
				name: 'accountHolderName',
				type: 'string',
				default: '',
				description: 'The main person associated with the business',
			},
			{
				displayName: 'Business Name',
				name: 'businessName',
				type: 'string',
				default: '',
				description: 'The registered name',
			},
			{
				displayName: 'Corporate Tax ID',
				name: 'corporateTaxId',
				type: 'string',
				default: '',
				description: 'The TIN/EIN',
			},
			{
				displayName: 'Doing Business As',
				name: 'doingBusinessAs',
				type: 'string',
				default: '',
				description: 'The operating name',
			},
			{
				displayName: 'Registered Country',
				name: 'registeredCountry',
				type: 'string',
				default: '',
				placeholder: 'US',
				description: 'Two-letter country code',
			},
			{
				displayName: 'Registered State',
				name: 'registeredState',
				type: 'string',
				default: '',
				placeholder: 'CA',
			},
			{
				displayName: 'Website',
				name: 'website',
				type: 'string',
				default: '',
			},
		],
	},
	{
		displayName: 'Documents',
		name: 'documents',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Document',
		default: {},
		description: 'Identity documents, sent as document_data (at most 1,000 per entity)',
		options: [
			{
				displayName: 'Document',
				name: 'document',
				values: [
					{
						displayName: 'Country',
						name: 'country',
						type: 'string',
						default: '',
						placeholder: 'US',
					},
					{
						displayName: 'Document ID',
						name: 'documentId',
						type: 'string',
						default: '',
						placeholder: 'G3352403F',
						description: 'The number of the document',
					},
					{
						displayName: 'Document Type',
						name: 'documentType',
						type: 'string',
						default: '',
						placeholder: 'drivers_license',
						description: 'E.g. drivers_license, passport, id_card.',
					},
					{
						displayName: 'Expires At',
						name: 'expiresAt',
						type: 'dateTime',
						default: '',
						description:
							'A date, a date and time (UTC when it has no zone) or epoch seconds; sent as epoch seconds',
					},
					{
						displayName: 'Issued At',
						name: 'issuedAt',
						type: 'dateTime',
						default: '',
						description:
							'A date, a date and time (UTC when it has no zone) or epoch seconds; sent as epoch seconds',
					},
					{
						displayName: 'State',
						name: 'state',
						type: 'string',
						default: '',
						placeholder: 'CA',
					},
				],
			},
		],
	},
	{
		displayName: 'Risk Scores',
		name: 'riskScores',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Risk Score',
		default: {},
		description: 'Third-party risk scores, sent as risk_scores',
		hint: 'After Socure RiskOS (get an evaluation): Name socure_riskos_score, Score {{ $json.score }}',
		options: [
			{
				displayName: 'Risk Score',
				name: 'riskScore',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'socure_riskos_score',
					},
					{
						displayName: 'Score',
						name: 'score',
						type: 'number',
						default: 0,
						description: 'A whole number; for 0.93 send 93 with Denominator 100',
					},
					{
						displayName: 'Denominator',
						name: 'denominator',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description:
							'What the score is out of, e.g. 100; 0 sends none (Unit21 then uses 10 to the power of the score’s digits)',
					},
				],
			},
		],
	},
	{
		displayName: 'Custom Data',
		name: 'customData',
		type: 'json',
		default: '{}',
		description:
			"A JSON object sent as custom_data: what Unit21's rules (the Logic Provider) can read. Values: text, numbers, true/false, objects up to 3 levels; no arrays.",
		hint: 'After Socure RiskOS (get an evaluation): {"socure_decision": "{{ $json.decision }}", "socure_reason_codes": "{{ $json.reasonCodes.join(\',\') }}"}',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Email Addresses',
				name: 'emailAddresses',
				type: 'string',
				default: '',
				placeholder: 'jane@example.com, j.doe@example.org',
				description: 'Comma-separated; sent as communication_data.email_addresses',
			},
			{
				displayName: 'Entity Subtype',
				name: 'entitySubtype',
				type: 'string',
				default: '',
				placeholder: 'contractor',
				description: 'How your organization classifies the entity (general_data.entity_subtype)',
			},
			{
				displayName: 'Other API Fields (JSON)',
				name: 'otherFields',
				type: 'json',
				default: '{}',
				description:
					"Any other fields of Unit21's create-entity body, e.g. location_data, digital_data, relationships. Where the node's own parameters fill the same section, objects are merged key by key with the parameters winning, and lists (document_data, risk_scores) get the parameters' entries after these.",
			},
			{
				displayName: 'Phone Numbers',
				name: 'phoneNumbers',
				type: 'string',
				default: '',
				placeholder: '+14159627132',
				description: 'Comma-separated, in E.164 format; sent as communication_data.phone_numbers',
			},
			{
				displayName: 'Registered At',
				name: 'registeredAt',
				type: 'dateTime',
				default: '',
				description:
					'When the entity registered on your platform (general_data.registered_at): a date, a date and time (UTC when it has no zone) or epoch seconds',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'string',
				default: '',
				placeholder: 'active',
				description: 'The entity’s status on your platform (general_data.status), any text',
			},
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				placeholder: 'sector:retail, source:socure',
				description: 'Comma-separated key:value tags (general_data.tags)',
			},
		],
	},
	optionsCollection([
		{
			displayName: 'Upsert on Conflict',
			name: 'upsertOnConflict',
			type: 'boolean',
			default: true,
			description:
				'Whether an existing entity is updated (options.upsert_on_conflict). Off: Unit21 answers 409 for an entity that exists, and nothing is overwritten.',
		},
		{
			displayName: 'Merge Custom Data',
			name: 'mergeCustomData',
			type: 'boolean',
			default: true,
			description:
				"Whether Custom Data is merged into the entity's existing custom_data (options.merge_custom_data). Off: it replaces it.",
		},
		{
			...resendWhenUnsureOption,
			description:
				'Whether Max Retries may resend a strict create (Upsert on Conflict off) after a failure that can follow processing (a connection cut after sending, a 500). An upsert is always resent: Unit21 ignores a request identical to one it processed.',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['entity'], operation: ['createOrUpdate'] } },
	properties,
);

function rowsOf<T>(collection: unknown, key: string): T[] {
	const rows = collection && typeof collection === 'object' ? (collection as IDataObject)[key] : [];
	return Array.isArray(rows) ? (rows as T[]) : [];
}

/** Text fields of a collection renamed to Unit21's names; empty ones left out. */
function textFields(values: IDataObject, names: Record<string, string>): IDataObject {
	const fields: IDataObject = {};
	for (const [parameter, field] of Object.entries(names)) {
		const value = values[parameter];
		if (value === undefined || value === null) continue;
		const text = String(value).trim();
		if (text) fields[field] = text;
	}
	return fields;
}

/** The parameters as the user set them (expressions resolved), not yet checked. */
interface EntityParameters {
	entityId: unknown;
	entityType: string;
	userData: IDataObject;
	businessData: IDataObject;
	additional: IDataObject;
	documents: unknown;
	riskScores: unknown;
	customData: unknown;
	options: IDataObject;
}

function readParameters(context: IExecuteFunctions, itemIndex: number): EntityParameters {
	const entityType = String(context.getNodeParameter('entityType', itemIndex, 'user'));
	return {
		entityId: context.getNodeParameter('entityId', itemIndex, ''),
		entityType,
		// Only the type's own collection is shown (and read): a switched type leaves no stale fields.
		userData:
			entityType === 'user'
				? (context.getNodeParameter('userData', itemIndex, {}) as IDataObject)
				: {},
		businessData:
			entityType === 'business'
				? (context.getNodeParameter('businessData', itemIndex, {}) as IDataObject)
				: {},
		additional: context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject,
		documents: context.getNodeParameter('documents', itemIndex, {}),
		riskScores: context.getNodeParameter('riskScores', itemIndex, {}),
		customData: context.getNodeParameter('customData', itemIndex, '{}'),
		options: context.getNodeParameter(OPTIONS_COLLECTION, itemIndex, {}) as IDataObject,
	};
}

/** The request for Unit21, or an EntityInputError naming the value it would refuse. */
function entityRequest(parameters: EntityParameters) {
	const { additional, options } = parameters;
	const entityId = checkEntityId(parameters.entityId);
	const registeredAt = epochSecondsOf(additional.registeredAt, 'Registered At');
	const tags = listOf(additional.tags);
	const emailAddresses = listOf(additional.emailAddresses);
	const phoneNumbers = listOf(additional.phoneNumbers);
	const upsertOnConflict = options.upsertOnConflict !== false;
	const body = entityRequestBody(
		{
			entityId,
			entityType: parameters.entityType,
			general: {
				...textFields(additional, { entitySubtype: 'entity_subtype', status: 'status' }),
				...(registeredAt !== undefined ? { registered_at: registeredAt } : {}),
				...(tags.length ? { tags } : {}),
			},
			userData: {
				...textFields(parameters.userData, {
					firstName: 'first_name',
					middleName: 'middle_name',
					lastName: 'last_name',
					gender: 'gender',
					ssn: 'ssn',
				}),
				...birthDateFields(parameters.userData.dateOfBirth),
			},
			businessData: textFields(parameters.businessData, {
				businessName: 'business_name',
				corporateTaxId: 'corporate_tax_id',
				accountHolderName: 'account_holder_name',
				registeredState: 'registered_state',
				registeredCountry: 'registered_country',
				doingBusinessAs: 'doing_business_as',
				website: 'website',
			}),
			communicationData: {
				...(emailAddresses.length ? { email_addresses: emailAddresses } : {}),
				...(phoneNumbers.length ? { phone_numbers: phoneNumbers } : {}),
			},
			documents: documentData(rowsOf<DocumentInput>(parameters.documents, 'document')),
			riskScores: riskScores(rowsOf<RiskScoreInput>(parameters.riskScores, 'riskScore')),
			customData: jsonObjectOf(
				parameters.customData,
				'Custom Data',
				'{"socure_decision": "REJECT"}',
			),
			upsertOnConflict,
			mergeCustomData: options.mergeCustomData !== false,
		},
		jsonObjectOf(additional.otherFields, 'Other API Fields (JSON)', '{"location_data": [{…}]}'),
	);
	return { entityId, body, upsertOnConflict, resendWhenUnsure: readResendWhenUnsure(options) };
}

export async function execute(
	this: IExecuteFunctions,
	item: ItemScope<IExecuteFunctions>,
): Promise<INodeExecutionData[]> {
	const { itemIndex } = item;
	const parameters = readParameters(this, itemIndex);
	let request: ReturnType<typeof entityRequest>;
	try {
		request = entityRequest(parameters);
	} catch (error) {
		throw entityInputFailure(this, itemIndex, error);
	}
	const answer = await createOrUpdateEntity(item, request);
	// Unit21 answers {entity_id, …}: passed on unchanged. An empty answer says only that it was saved.
	return entityWriteOutput(this, itemIndex, answer, { entity_id: request.entityId });
}

/** A created or updated entity for the error of a stopped run: "entity <your entity ID>". */
export function describeDone(
	outputs: INodeExecutionData[],
	{ context, itemIndex }: DoneItem,
): string | undefined {
	const answered = outputs[0]?.json.entity_id;
	const entityId =
		typeof answered === 'string' && answered
			? answered
			: checkEntityId(context.getNodeParameter('entityId', itemIndex, ''));
	return `entity ${entityId}`;
}
