// node tools/bench/cpu-profile-summary.js <file.cpuprofile> [--top 15] [--category other] [--within REGEX [--until REGEX] [--after REGEX]]
// Sums a V8 CPU profile's self time into the categories the README's Performance section
// reports (ZIP reading, inflation, n8n's binary store, HTTP, the engine, GC, idle…),
// then lists the heaviest functions.
'use strict';

const fs = require('fs');

const CATEGORIES = [
	[
		'module loading and TypeScript compiling (jest start-up)',
		(frame) =>
			/typescript|ts-jest|babel|jest-|loader|wrapSafe|compilefunction|readFileUtf8|charmap|recast/i.test(
				`${frame.url} ${frame.functionName}`,
			),
	],
	[
		'JavaScript CRC-32',
		(frame) => /zip\.(ts|js)$/.test(frame.url) && frame.functionName === 'crc32',
	],
	['ZIP reader (the rest of its JavaScript)', (frame) => /zip\.(ts|js)$/.test(frame.url)],
	[
		'inflation: zlib and its web-stream adapter',
		(frame) =>
			/node:zlib|internal\/webstreams|internal\/streams\/duplex|adapters|compression/.test(
				frame.url,
			) || frame.functionName === 'crc32',
	],
	[
		'Blob, Response, FormData (web body copies)',
		(frame) =>
			/internal\/blob|undici|internal\/deps\/undici|formdata|multipart\.(ts|js)$/.test(frame.url),
	],
	[
		'n8n binary store and file system',
		(frame) =>
			/binary-data|binaryData|blob-storage|node:fs|internal\/fs|fs\/promises/.test(frame.url) ||
			(!frame.url &&
				/^(access|open|openFileHandle|close|rename|unlink|writeBuffer|writeString|mkdir|stat|lstat|fstat|read)$/.test(
					frame.functionName,
				)),
	],
	[
		'HTTP client (axios, http, sockets)',
		(frame) =>
			/axios|node:_http|node:http|node:net|internal\/streams|stream_base|follow-redirects|node:stream/.test(
				frame.url,
			),
	],
	['n8n engine and workflow', (frame) => /n8n-core|n8n-workflow|@n8n/.test(frame.url)],
	['this package (other)', (frame) => /\/nodes\//.test(frame.url)],
	['garbage collector', (frame) => frame.functionName === '(garbage collector)'],
	['idle (waiting for I/O or the thread pool)', (frame) => frame.functionName === '(idle)'],
];

const [file] = process.argv.slice(2);
const topIndex = process.argv.indexOf('--top');
const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 15;
const categoryIndex = process.argv.indexOf('--category');
const onlyCategory = categoryIndex > 0 ? process.argv[categoryIndex + 1] : undefined;
const argument = (name) => {
	const index = process.argv.indexOf(name);
	return index > 0 ? new RegExp(process.argv[index + 1]) : undefined;
};
const within = argument('--within');
const until = argument('--until') || within;
const after = argument('--after');
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map();
for (const node of profile.nodes)
	for (const child of node.children || []) parentOf.set(child, node.id);
/** Whether a sample's stack holds a frame whose "functionName url" matches `pattern`. */
function stackMatches(id, pattern) {
	for (let at = id; at !== undefined; at = parentOf.get(at)) {
		const { functionName, url } = nodes.get(at).callFrame;
		if (pattern.test(`${functionName} ${url}`)) return true;
	}
	return false;
}
// --within REGEX [--until REGEX2] [--after REGEX3]: only the samples from the first whose
// stack holds a frame whose "functionName url" matches REGEX (and that comes after the first
// matching REGEX3) to the last matching REGEX2: a whole n8n process's profile narrowed to a
// workflow's run, or to one node of it, without n8n's start-up.
let [first, last] = [0, profile.samples.length - 1];
if (within) {
	const from = after ? profile.samples.findIndex((id) => stackMatches(id, after)) : 0;
	first = profile.samples.findIndex((id, index) => index >= from && stackMatches(id, within));
	last = profile.samples.findLastIndex((id) => stackMatches(id, until));
	if (from < 0 || first < 0 || last < first)
		throw new Error(`no samples from ${within} to ${until}`);
}
const windowUs = profile.timeDeltas.slice(first + 1, last + 1).reduce((sum, us) => sum + us, 0);
const selfUs = new Map();
profile.samples.forEach((id, index) => {
	if (index >= first && index <= last)
		selfUs.set(id, (selfUs.get(id) || 0) + (profile.timeDeltas[index] || 0));
});
const byCategory = new Map();
const byFunction = new Map();
let total = 0;
for (const [id, us] of selfUs) {
	const frame = nodes.get(id).callFrame;
	const category = (CATEGORIES.find(([, test]) => test(frame)) || ['other'])[0];
	byCategory.set(category, (byCategory.get(category) || 0) + us);
	if (onlyCategory && !category.startsWith(onlyCategory)) continue;
	const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;
	byFunction.set(key, (byFunction.get(key) || 0) + us);
	total += us;
}
const ms = (us) => `${(us / 1000).toFixed(0)} ms`;
if (within) process.stdout.write(`window: ${ms(windowUs)} of samples\n\n`);
process.stdout.write(`| category | self time | share |\n|---|---|---|\n`);
for (const [category, us] of [...byCategory].sort((a, b) => b[1] - a[1]))
	process.stdout.write(`| ${category} | ${ms(us)} | ${((100 * us) / total).toFixed(1)} % |\n`);
process.stdout.write(
	`\nheaviest functions (self time${onlyCategory ? `, ${onlyCategory}` : ''}):\n`,
);
for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
	process.stdout.write(`${ms(us).padStart(9)}  ${key}\n`);
