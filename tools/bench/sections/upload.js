// The upload section of `npm run bench` (`--only upload`): uploading the downloaded files
// to a Unit21 entity behind the latency simulator, every way.
'use strict';

const { manualWorkflow } = require('../../n8n/real-n8n');
const { compare } = require('../lib/compare');
const {
	MAX_CONCURRENCY,
	listNodes,
	socureNode,
	unit21Node,
	httpUploadNode,
	oneAtATime,
} = require('../lib/workflows');

function workflows({ sim, EVALUATIONS, CONCURRENCY }) {
	return [
		manualWorkflow('benchUnit21Package', [
			...listNodes(EVALUATIONS),
			socureNode(CONCURRENCY),
			unit21Node(CONCURRENCY),
		]),
		manualWorkflow('benchUnit21PackageMax', [
			...listNodes(EVALUATIONS),
			socureNode(CONCURRENCY),
			unit21Node(MAX_CONCURRENCY),
		]),
		manualWorkflow('benchUnit21Http', [
			...listNodes(EVALUATIONS),
			socureNode(CONCURRENCY),
			httpUploadNode(sim.url),
		]),
		oneAtATime(
			'benchUnit21HttpLoop',
			EVALUATIONS,
			'cccccccc',
			[httpUploadNode(sim.url)],
			[socureNode(CONCURRENCY)],
		),
	];
}

async function run(bench) {
	await compare(bench, 'Upload the files to a Unit21 entity', {
		nodeName: 'Unit21',
		workflows: {
			a: 'benchUnit21Package',
			aMax: 'benchUnit21PackageMax',
			loop: 'benchUnit21HttpLoop',
			all: 'benchUnit21Http',
		},
		httpNodes: ['HTTP Upload'],
		floorMode: 'unit21',
		labels: { node: 'Unit21 node', http: 'HTTP Request multipart' },
	});
}

module.exports = { name: 'upload', workflows, run };
