// Workflow JSON for a real n8n, as the e2e tests, the demo and the bench build it: nodes in
// a line after a manual trigger, and a list of items made inside the workflow.
'use strict';

const MANUAL_TRIGGER = {
	id: 't',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	parameters: {},
};

/** A main connection into the node named `to`. */
const link = (to, index = 0) => ({ node: to, type: 'main', index });

/** An inactive workflow named `id` of the nodes (typeVersion 1 unless set), left to right. */
function workflowOf(id, nodes, connections) {
	return {
		id,
		name: id,
		nodes: nodes.map((node, index) => ({ typeVersion: 1, position: [220 * index, 0], ...node })),
		connections,
		active: false,
		settings: { executionOrder: 'v1' },
	};
}

/** A workflow of a manual trigger followed by the nodes, in a line, each feeding the next. */
function manualWorkflow(id, nodes) {
	const all = [MANUAL_TRIGGER, ...nodes];
	const connections = {};
	for (let index = 0; index < all.length - 1; index++)
		connections[all[index].name] = { main: [[link(all[index + 1].name)]] };
	return workflowOf(id, all, connections);
}

/**
 * Two nodes that make an n8n item of each of `items` (plain objects): List (Set) holds them as
 * the array field `evaluations`, Split (Split Out) splits it.
 */
function itemListNodes(items) {
	return [
		{
			id: 'l',
			name: 'List',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: {
				assignments: {
					assignments: [
						{ id: 'a', name: 'evaluations', type: 'array', value: `=${JSON.stringify(items)}` },
					],
				},
				options: {},
			},
		},
		{
			id: 's',
			name: 'Split',
			type: 'n8n-nodes-base.splitOut',
			parameters: { fieldToSplitOut: 'evaluations', options: {} },
		},
	];
}

module.exports = { MANUAL_TRIGGER, link, workflowOf, manualWorkflow, itemListNodes };
