// n8n nodes and workflows the bench sections build: the list of evaluations, this package's
// nodes, and what users build today with HTTP Request (with and without Loop Over Items).
'use strict';

const { nodeType } = require('../../n8n/real-n8n');
const { MANUAL_TRIGGER, link, workflowOf, itemListNodes } = require('../../n8n/workflows');

const evaluationId = (index) => `cccccccc-0000-4000-8000-${String(index).padStart(12, '0')}`;
const SOCURE = { socureRiskOsApi: { id: 'idvSimSocure01', name: 'Socure RiskOS (simulator)' } };
const UNIT21 = { unit21Api: { id: 'idvSimUnit21001', name: 'Unit21 (simulator)' } };
// The highest Concurrency the nodes offer: closest to HTTP Request's all-at-once.
const MAX_CONCURRENCY = 20;

function listNodes(count, idPrefix = 'cccccccc') {
	const ids = Array.from({ length: count }, (_, index) =>
		idPrefix === 'cccccccc'
			? evaluationId(index)
			: idPrefix.startsWith('d')
				? evaluationId(index).replace('cccccccc', idPrefix)
				: `${idPrefix}-1111-4111-8111-111111111111`,
	);
	return itemListNodes(ids.map((id) => ({ evaluationId: id })));
}

/** A node of this repository's packages (`type`: its name in the package). */
const packageNode = (id, name, type, parameters, credentials) => ({
	id,
	name,
	type: nodeType(type),
	parameters,
	credentials,
});
// The two nodes at their defaults, on the simulator's credentials unless given others: what a
// user who changes nothing gets.
const socureDefaults = (credentials = SOCURE) =>
	packageNode(
		'so',
		'Socure',
		'socureRiskOs',
		{ evaluationId: '={{ $json.evaluationId }}' },
		credentials,
	);
const unit21Defaults = (credentials = UNIT21) =>
	packageNode('u', 'Unit21', 'unit21', { entityId: 'bench-entity' }, credentials);
const withParameters = (node, parameters) => ({
	...node,
	parameters: { ...node.parameters, ...parameters },
});
const unit21Node = (concurrency) => withParameters(unit21Defaults(), { options: { concurrency } });
const socureNode = (concurrency, options = {}, output = 'filePerItem') =>
	withParameters(socureDefaults(), { output, options: { concurrency, ...options } });

// The HTTP Request node sends every item's request at once (its batching option paces
// the sending but does not wait for answers): there is no concurrency bound to match.
function httpDownloadNodes(simUrl, nodeSettings = {}) {
	return [
		{
			id: 'h',
			name: 'HTTP Request',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				url: `=${simUrl}/socure/api/evaluation/{{ $json.evaluationId }}/documents`,
				sendHeaders: true,
				headerParameters: {
					parameters: [{ name: 'Authorization', value: 'Bearer sim-socure-key' }],
				},
				options: { response: { response: { responseFormat: 'file' } } },
			},
			...nodeSettings,
		},
		{
			id: 'c',
			name: 'Compression',
			type: 'n8n-nodes-base.compression',
			typeVersion: 1.1,
			parameters: { operation: 'decompress', binaryPropertyName: 'data' },
		},
	];
}

function httpUploadNode(simUrl) {
	return {
		id: 'hu',
		name: 'HTTP Upload',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'PUT',
			url: `${simUrl}/unit21/v1/sim_org/entities/bench-entity/link-media`,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'u21-key', value: 'sim-unit21-key' }] },
			sendBody: true,
			contentType: 'multipart-form-data',
			bodyParameters: {
				parameters: [
					{ parameterType: 'formBinaryData', name: 'data', inputDataFieldName: 'data' },
					{
						name: 'data',
						value:
							'={{ JSON.stringify($json.unit21MediaType ? { media_type: $json.unit21MediaType } : {}) }}',
					},
				],
			},
			options: {},
		},
	};
}

const LOOP_NODES = {
	start: MANUAL_TRIGGER,
	loop: {
		id: 'lp',
		name: 'Loop Over Items',
		type: 'n8n-nodes-base.splitInBatches',
		typeVersion: 3,
		parameters: { batchSize: 1, options: {} },
	},
	done: {
		id: 'd',
		name: 'Done',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		parameters: {},
	},
};

/**
 * What users build today to go one item at a time: Loop Over Items (batch size 1) around
 * the same nodes, each iteration fed back into the loop.
 */
function oneAtATime(id, count, idPrefix, bodyNodes, before = []) {
	const { start, loop, done } = LOOP_NODES;
	const head = [start, ...listNodes(count, idPrefix), ...before];
	const nodes = [...head, loop, ...bodyNodes, done];
	const connections = {};
	for (let index = 0; index < head.length; index++)
		connections[head[index].name] = { main: [[link(head[index + 1]?.name ?? loop.name)]] };
	connections[loop.name] = { main: [[link(done.name)], [link(bodyNodes[0].name)]] };
	for (let index = 0; index < bodyNodes.length; index++)
		connections[bodyNodes[index].name] = {
			main: [[link(bodyNodes[index + 1]?.name ?? loop.name)]],
		};
	return workflowOf(id, nodes, connections);
}

module.exports = {
	MAX_CONCURRENCY,
	listNodes,
	socureDefaults,
	unit21Defaults,
	unit21Node,
	socureNode,
	httpDownloadNodes,
	httpUploadNode,
	oneAtATime,
};
