// Running a workflow in n8n and timing it: the spans of its nodes, the process's peak memory,
// and the median over several runs.
'use strict';

const { watchPeakMemory } = require('./processes');

async function execute(n8n, id, env = {}) {
	let peak;
	const result = await n8n.execute(id, {
		env,
		onSpawn: (child) => (peak = watchPeakMemory(child)),
	});
	// Under load n8n is sometimes ended by a signal (exit code null) after printing a finished
	// run: the run counts, its peak was measured.
	const finished = result.ok || (result.code === null && result.run?.status === 'success');
	if (!finished || !result.run?.data)
		throw new Error(
			`${id} failed (exit code ${result.code}, ${result.run ? 'output read' : 'output not read'}):\n${result.stderr.slice(-1500)}\n${result.stdout.slice(-500)}`,
		);
	const runData = result.run.data.resultData.runData;
	const nodeMs = (name) => runData[name].reduce((sum, task) => sum + task.executionTime, 0);
	// From the first start to the last finish of these nodes: with a loop, the engine's
	// work between iterations counts too, as it does for the user waiting.
	const spanMs = (...names) => {
		const tasks = names.flatMap((name) => runData[name]);
		return (
			Math.max(...tasks.map((task) => task.startTime + task.executionTime)) -
			Math.min(...tasks.map((task) => task.startTime))
		);
	};
	const items = (name) => runData[name].at(-1).data.main[0];
	return { nodeMs, spanMs, items, peakMb: peak() };
}

/** Runs a variant `runs` times: the median of its times, the highest of its peaks. */
async function measure(runs, run, msOf) {
	const results = [];
	for (let index = 0; index < runs; index++) results.push(await run());
	const times = results.map(msOf).sort((a, b) => a - b);
	const peaks = results.map((result) => result.peakMb).sort((a, b) => a - b);
	return {
		ms: times[Math.floor(times.length / 2)],
		peakMb: Math.max(...peaks),
		medianPeakMb: peaks[Math.floor(peaks.length / 2)],
		last: results.at(-1),
	};
}

module.exports = { execute, measure };
