// The download section of `npm run bench` (`--only download`): downloading and unzipping
// EVALUATIONS Socure document archives behind the latency simulator, every way.
'use strict';

const { manualWorkflow } = require('../../n8n/real-n8n');
const { compare } = require('../lib/compare');
const {
	MAX_CONCURRENCY,
	listNodes,
	socureNode,
	httpDownloadNodes,
	oneAtATime,
} = require('../lib/workflows');

function workflows({ sim, EVALUATIONS, CONCURRENCY }) {
	return [
		manualWorkflow('benchSocurePackage', [...listNodes(EVALUATIONS), socureNode(CONCURRENCY)]),
		manualWorkflow('benchSocureHttp', [...listNodes(EVALUATIONS), ...httpDownloadNodes(sim.url)]),
		oneAtATime('benchSocureHttpLoop', EVALUATIONS, 'cccccccc', httpDownloadNodes(sim.url)),
		manualWorkflow('benchSocurePackageMax', [
			...listNodes(EVALUATIONS),
			socureNode(CONCURRENCY, { concurrency: MAX_CONCURRENCY }),
		]),
	];
}

async function run(bench) {
	const files = bench.EVALUATIONS * 5;
	const a = await compare(bench, 'Download and unzip Socure documents', {
		nodeName: 'Socure',
		workflows: {
			a: 'benchSocurePackage',
			aMax: 'benchSocurePackageMax',
			loop: 'benchSocureHttpLoop',
			all: 'benchSocureHttp',
		},
		httpNodes: ['HTTP Request', 'Compression'],
		floorMode: 'socure',
		labels: { node: 'Socure RiskOS node', http: 'HTTP Request + Compression' },
	});
	const produced = a.last.items('Socure').length;
	if (produced !== files)
		throw new Error(`the package produced ${produced} files, expected ${files}`);
}

module.exports = { name: 'download', workflows, run };
