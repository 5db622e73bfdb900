import type { INodeExecutionData } from 'n8n-workflow';

import {
	operationProperties,
	resourceProperties,
	type OperationModule,
} from '@idv-documents/shared/descriptions/operations';

const execute = async (): Promise<INodeExecutionData[]> => [];
const operation = (name: string, parameter: string): OperationModule => ({
	option: { name, action: `${name} a thing`, description: `${name} it` },
	description: [{ displayName: parameter, name: parameter, type: 'string', default: '' }],
	execute,
});

test("one resource: its Operation selector, values from the map's keys sorted by name, then each operation's parameters", () => {
	const properties = resourceProperties(
		'thing',
		{ list: operation('List', 'filter'), add: operation('Add', 'name') },
		'list',
	);
	expect(properties[0]).toEqual({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['thing'] } },
		options: [
			{ name: 'Add', value: 'add', action: 'Add a thing', description: 'Add it' },
			{ name: 'List', value: 'list', action: 'List a thing', description: 'List it' },
		],
		default: 'list',
	});
	expect(properties.slice(1).map((property) => property.name)).toEqual(['filter', 'name']);
});

test('resources sharing operations: a selector each, worded per resource, and the parameters once', () => {
	const attach: OperationModule = {
		option: (resource) => ({
			name: 'Attach',
			action: `Attach to the ${resource}`,
			description: `Attach files to the ${resource}`,
		}),
		description: [{ displayName: 'File', name: 'file', type: 'string', default: '' }],
		execute,
	};
	const properties = resourceProperties(['box', 'crate'], { attach }, 'attach');
	expect(properties.map((property) => property.name)).toEqual(['operation', 'operation', 'file']);
	expect(properties.slice(0, 2).map((selector) => selector.displayOptions?.show?.resource)).toEqual(
		[['box'], ['crate']],
	);
	expect(properties.slice(0, 2).map((selector) => selector.options)).toEqual([
		[
			{
				name: 'Attach',
				value: 'attach',
				action: 'Attach to the box',
				description: 'Attach files to the box',
			},
		],
		[
			{
				name: 'Attach',
				value: 'attach',
				action: 'Attach to the crate',
				description: 'Attach files to the crate',
			},
		],
	]);
});

test("an operation's parameters show for its resource and operation, keeping their own conditions", () => {
	const [id, detail] = operationProperties('thing', 'get', [
		{ displayName: 'ID', name: 'id', type: 'string', default: '' },
		{
			displayName: 'Detail',
			name: 'detail',
			type: 'string',
			default: '',
			displayOptions: { show: { mode: ['full'] } },
		},
	]);
	expect(id.displayOptions).toEqual({ show: { resource: ['thing'], operation: ['get'] } });
	expect(detail.displayOptions).toEqual({
		show: { mode: ['full'], resource: ['thing'], operation: ['get'] },
	});
});
