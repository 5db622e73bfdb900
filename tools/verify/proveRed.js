// `verify --prove-red`: the check can fail. A copy of the packages gets a restricted
// global in a shared file, which only reaches n8n's scanner through the bundle (the
// source leg lints each service's own folder). The copy is built and verified; this
// passes only if the scanner's tarball leg reports the planted line in a bundle and
// nothing else turned red.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

/** A shared module every service's main node imports, so every bundle carries the plant. */
const PLANT_FILE = 'packages/shared/run/router.ts';
const PLANT_MARKER = 'planted by verify --prove-red';
const PLANTED = `\n// A restricted global slipped into shared code.\nsetTimeout(() => '${PLANT_MARKER}', 0);\n`;

/** What the copy needs to build and pack: the packages, their build, their configs. */
const COPIED = [
	'packages',
	'tools/build',
	'tools/verify',
	'package.json',
	'.npmrc',
	'tsconfig.base.json',
	'tsconfig.json',
];

function copyRepository(root, copyRoot) {
	for (const entry of COPIED) {
		const from = path.join(root, entry);
		if (!fs.existsSync(from)) continue;
		fs.cpSync(from, path.join(copyRoot, entry), {
			recursive: true,
			filter: (source) => !/(^|[\\/])(node_modules|dist)$|\.tgz$/.test(source),
		});
	}
	fs.symlinkSync(
		fs.realpathSync(path.join(root, 'node_modules')),
		path.join(copyRoot, 'node_modules'),
		'dir',
	);
}

const stripAnsi = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');

/**
 * The planted line as the tarball leg reported it: ESLint's stylish report names each
 * file, then `line:column  error  message  rule`; the line read back from that file
 * must be the planted statement, not some other setTimeout.
 */
function plantedFindings(details) {
	const findings = [];
	let file;
	for (const line of stripAnsi(details ?? '').split('\n')) {
		if (/^\S/.test(line)) file = line.trim();
		const error = /^\s+(\d+):\d+\s+error\s+(.*?)\s{2,}(\S+)\s*$/.exec(line);
		if (!error || !file || !fs.existsSync(file)) continue;
		const source = fs.readFileSync(file, 'utf8').split('\n')[Number(error[1]) - 1] ?? '';
		findings.push({
			file,
			line: Number(error[1]),
			message: error[2],
			rule: error[3],
			planted: source.includes(PLANT_MARKER),
			source: source.trim(),
		});
	}
	return findings;
}

async function proveRed({ root, verifyRepository, printSummary }) {
	const copyRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'idv-verify-red-'));
	// Outside the copy: the scanner's findPackageRoot must not meet the extracted tarballs.
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'idv-verify-red-tarballs-'));
	try {
		copyRepository(root, copyRoot);
		const target = path.join(copyRoot, PLANT_FILE);
		if (!fs.existsSync(target)) {
			console.log(
				`prove-red: ${PLANT_FILE} does not exist; point PLANT_FILE at a shared module every node imports`,
			);
			return false;
		}
		fs.appendFileSync(target, PLANTED);
		console.log(`prove-red: copied the packages to ${copyRoot}`);
		console.log(
			`prove-red: planted in ${PLANT_FILE}:${PLANTED.trimEnd().replace(/\n/g, '\n    ')}`,
		);
		console.log(
			'prove-red: verifying the copy (n8n-node lint skipped: it lints only each service folder)',
		);

		const result = await verifyRepository({ root: copyRoot, lint: false, workDir });
		printSummary(result);

		const caught = [];
		const problems = [];
		if (result.ok) problems.push('the check stayed green');
		// Red for the plant only: every finding must be the planted line, and nothing but
		// the scanner's rules may fail (a broken build or another check proves nothing).
		const scans = [
			...result.packages.map((pkg) => ({
				name: pkg.name,
				leg: 'tarball leg',
				analysis: pkg.legs.tarball,
			})),
			...result.shared.map(({ name, analysis }) => ({ name, leg: 'shared sources', analysis })),
		];
		for (const { name, leg, analysis } of scans) {
			if (!analysis || analysis.passed) continue;
			const findings = plantedFindings(analysis.details);
			if (findings.length === 0) problems.push(`${name}: ${leg} failed: ${analysis.message}`);
			for (const finding of findings.filter((f) => !f.planted)) {
				problems.push(
					`${name}: ${leg} reported a line not planted: ${finding.message} (${finding.source})`,
				);
			}
			const planted = findings.filter((finding) => finding.planted);
			if (leg === 'tarball leg' && planted.length > 0) caught.push({ name, planted });
		}
		if (caught.length === 0) {
			problems.push("the scanner's tarball leg did not report the planted line");
		}
		for (const violation of result.violations) {
			if (violation.check === 'scanner tarball leg' || violation.check === 'shared sources') {
				continue;
			}
			problems.push(
				`red for another reason: ${violation.package}: ${violation.check}: ${violation.message}`,
			);
		}

		console.log('\n== prove-red');
		for (const { name, planted } of caught) {
			for (const finding of planted) {
				console.log(
					`  caught by the tarball leg of ${name}: ${path.relative(workDir, finding.file)}:${finding.line}` +
						` ${finding.rule}\n      ${finding.message}\n      > ${finding.source}`,
				);
			}
		}
		for (const problem of problems) console.log(`  FAIL  ${problem}`);
		console.log(
			problems.length === 0
				? `prove-red: OK, the planted setTimeout turned verify red in ${caught.length} of ${result.packages.length} tarballs`
				: 'prove-red: FAILED, verify did not prove it can catch a restricted global in shared code',
		);
		return problems.length === 0;
	} finally {
		fs.rmSync(copyRoot, { recursive: true, force: true });
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}

module.exports = { proveRed, plantedFindings };
