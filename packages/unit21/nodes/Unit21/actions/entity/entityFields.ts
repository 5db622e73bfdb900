/**
 * The entity's data parameters of Create or Update: the person's or company's details,
 * custom data and the additional fields; how they are sent is in the operation and
 * ../../entities.ts.
 */
import type { INodeProperties } from 'n8n-workflow';

/** The person's details (Entity Type User), sent as user_data. */
export const userDataField: INodeProperties = {
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
};

/** The company's details (Entity Type Business), sent as business_data. */
export const businessDataField: INodeProperties = {
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
};

/** What Unit21's rules can read, sent as custom_data. */
export const customDataField: INodeProperties = {
	displayName: 'Custom Data',
	name: 'customData',
	type: 'json',
	default: '{}',
	description:
		"A JSON object sent as custom_data: what Unit21's rules (the Logic Provider) can read. Values: text, numbers, true/false, objects up to 3 levels; no arrays.",
	hint: 'After Socure RiskOS (get an evaluation): {"socure_decision": "{{ $json.decision }}", "socure_reason_codes": "{{ $json.reasonCodes.join(\',\') }}"}',
};

/** The optional general and communication data, and any other field of the body. */
export const additionalFieldsField: INodeProperties = {
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
};
