// The command line of `npm run bench` (tools/bench/bench.js), read once into plain values.
'use strict';

const USAGE = `npm run bench [-- --evaluations 200 --latency 50 --concurrency 4 --runs 3 --only realistic,download,upload,memory,limited]
                [--realistic-evaluations 100] [--limited-evaluations 60]
                [--profile DIR: also profiles the realistic runs of the two nodes, CPU profiles in DIR]
                [--memory-targets-only: the memory section's issue-21 targets, not its earlier figures]
`;

function readOptions(argv = process.argv) {
	const option = (name, fallback) => {
		const index = argv.indexOf(`--${name}`);
		return index > 0 ? argv[index + 1] : fallback;
	};
	return {
		EVALUATIONS: Number(option('evaluations', 200)),
		LATENCY: Number(option('latency', 50)),
		CONCURRENCY: Number(option('concurrency', 4)),
		SECTIONS: new Set(
			String(option('only', 'realistic,download,upload,memory,limited')).split(','),
		),
		REALISTIC: Number(option('realistic-evaluations', 100)),
		LIMITED: Number(option('limited-evaluations', 60)),
		// Each variant runs this often (a fresh n8n process each time); the median time is printed.
		RUNS: Math.max(1, Number(option('runs', 3))),
		PROFILE_DIR: option('profile', undefined),
		targetsOnly: argv.includes('--memory-targets-only'),
		help: argv.includes('--help') || argv.includes('-h'),
	};
}

module.exports = { readOptions, USAGE };
