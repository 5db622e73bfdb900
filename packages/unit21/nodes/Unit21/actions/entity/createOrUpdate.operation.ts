import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { operationProperties } from '@idv-documents/shared/descriptions/operations';
import {
	optionsCollection,
	readResendWhenUnsure,
	resendWhenUnsureOption,
} from '@idv-documents/shared/descriptions/requestControl';
import type { DescribeDone } from '@idv-documents/shared/run/perItem';
import type { OperationExecute } from '@idv-documents/shared/run/router';
import { optionsOf } from '@idv-documents/shared/run/runControl';
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
import {
	additionalFieldsField,
	businessDataField,
	customDataField,
	userDataField,
} from './entityFields';
import { documentsField, riskScoresField } from './entityListFields';
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
	userDataField,
	businessDataField,
	documentsField,
	riskScoresField,
	customDataField,
	additionalFieldsField,
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

export const description = operationProperties('entity', 'createOrUpdate', properties);

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
		options: optionsOf(context, itemIndex),
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

export const execute: OperationExecute = async function (item) {
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
};

/** A created or updated entity for the error of a stopped run: "entity <your entity ID>". */
export const describeDone: DescribeDone = (outputs, { context, itemIndex }) => {
	const answered = outputs[0]?.json.entity_id;
	const entityId =
		typeof answered === 'string' && answered
			? answered
			: checkEntityId(context.getNodeParameter('entityId', itemIndex, ''));
	return `entity ${entityId}`;
};
