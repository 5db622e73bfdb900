// `--profile DIR`: one run of a workflow in an n8n writing a CPU profile, summarised.
'use strict';

const fs = require('fs');
const path = require('path');

const { summariseProfile } = require('./processes');

// A frame of n8n's engine running a workflow: profiles start there, after n8n's start-up.
const ENGINE_STEP = '^(processRunExecutionData|runNode) ';

/**
 * Runs a workflow once in an n8n writing a CPU profile, and prints where the CPU went from
 * the engine's first step (or, with `startPattern`, the first sample matching it after
 * that) to the last sample in this package's code.
 */
async function profile(bench, workflowId, label, what, startPattern) {
	const { n8n, say, execute, PROFILE_DIR } = bench;
	const dir = path.resolve(PROFILE_DIR, label);
	fs.rmSync(dir, { recursive: true, force: true });
	await execute(n8n, workflowId, { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}` });
	// n8n's main process writes the largest profile (its task runner, if any, a small one).
	const [largest] = fs
		.readdirSync(dir)
		.map((name) => path.join(dir, name))
		.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
	const summary = await summariseProfile(
		largest,
		[
			'--after',
			ENGINE_STEP,
			'--within',
			startPattern ?? ENGINE_STEP,
			'--until',
			'/n8n-nodes-(socure-riskos|verifik|unit21)/dist/',
		],
		label,
	);
	say(`CPU profile of ${workflowId} in n8n (${largest}), ${what} only:`);
	say();
	for (const line of summary.trimEnd().split('\n')) say(line);
	say();
}

module.exports = { profile };
