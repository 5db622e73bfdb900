// One service package through the steps n8n's verification takes: strict lint, build,
// npm pack, then the scanner's source leg on the package directory and its tarball leg
// on the extracted tarball, plus this repository's own rules for the tarball.
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const {
	listFiles,
	contentViolations,
	dependencyViolations,
	requireViolations,
} = require('./tarballRules');

/** Runs a command, returning its status and combined output. */
function run(command, args, cwd) {
	const result = spawnSync(command, args, {
		cwd,
		encoding: 'utf8',
		env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
		maxBuffer: 64 * 1024 * 1024,
	});
	const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
	return { ok: result.status === 0, stdout: result.stdout ?? '', output };
}

/**
 * Checks one package. `report(step, passed, lines)` prints each step as it ends;
 * the result lists every violation as { check, message }.
 */
async function checkPackage({ root, dir, scanner, workDir, lint, report }) {
	const packageJson = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	const violations = [];
	const fail = (check, message) => violations.push({ check, message });
	const result = { name: packageJson.name, dir, violations, legs: {}, tarball: undefined };

	if (packageJson.n8n.strict !== true) {
		fail(
			'strict mode',
			'package.json n8n.strict is not true: n8n-node lint would skip its strict checks',
		);
	}

	if (lint) {
		const linted = run(path.join(root, 'node_modules', '.bin', 'n8n-node'), ['lint'], dir);
		report('n8n-node lint (strict)', linted.ok, linted.ok ? [] : linted.output.split('\n'));
		if (!linted.ok) fail('n8n-node lint', 'n8n-node lint reported errors (output above)');
	}

	// .npmrc sets ignore-scripts, so npm pack would not run prepack: build explicitly.
	const built = run('npm', ['run', 'build'], dir);
	report('build (npm run build)', built.ok, built.ok ? [] : built.output.split('\n'));
	if (!built.ok) {
		fail('build', 'npm run build failed (output above)');
		return result;
	}

	const packed = run(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', workDir],
		dir,
	);
	let packInfo;
	try {
		packInfo = packed.ok ? JSON.parse(packed.stdout)[0] : undefined;
	} catch {
		packInfo = undefined;
	}
	if (!packInfo) {
		report('npm pack', false, packed.output.split('\n'));
		fail('npm pack', 'npm pack failed (output above)');
		return result;
	}
	result.tarball = packInfo;

	const extractedDir = path.join(workDir, packageJson.name);
	fs.mkdirSync(extractedDir, { recursive: true });
	const extracted = run(
		'tar',
		['-xzf', path.join(workDir, packInfo.filename), '-C', extractedDir, '--strip-components=1'],
		workDir,
	);
	if (!extracted.ok) {
		report('extract tarball', false, extracted.output.split('\n'));
		fail('extract tarball', 'tar could not extract the packed tarball');
		return result;
	}

	// The scanner lints the first folder of the repository whose package.json has the name.
	const found = scanner.findPackageRoot(root, packageJson.name);
	const foundHere = found !== null && path.resolve(found) === path.resolve(dir);
	report(
		`scanner finds the source at ${found === null ? 'no folder' : path.relative(root, found)} (findPackageRoot)`,
		foundHere,
		[],
	);
	if (!foundHere) {
		fail('source location', `findPackageRoot finds ${found ?? 'nothing'}, not ${dir}`);
	}

	// The scanner's two legs: the package directory's sources, and the extracted tarball.
	for (const [leg, where, folder, patterns] of [
		['source', 'package directory', dir, scanner.SOURCE_FILE_PATTERNS],
		['tarball', 'extracted tarball', extractedDir, scanner.TARBALL_PATTERNS],
	]) {
		const scan = await scanner.analyzePackage(folder, patterns);
		result.legs[leg] = scan;
		report(`scanner ${leg} leg (${where}, ${patterns.join(' ')})`, scan.passed, scanDetails(scan));
		if (!scan.passed) fail(`scanner ${leg} leg`, scan.message);
	}

	const files = listFiles(extractedDir);
	const packedJson = JSON.parse(fs.readFileSync(path.join(extractedDir, 'package.json'), 'utf8'));
	const contents = [
		...contentViolations(extractedDir, packedJson, files),
		...dependencyViolations(packedJson),
	];
	report(
		'tarball holds only this service (n8n block, icons, codex), no dependencies',
		contents.length === 0,
		contents,
	);
	for (const message of contents) fail('tarball contents', message);

	const requires = requireViolations(extractedDir, files);
	report(
		`tarball JavaScript loads only ${requires.loaded.join(', ') || 'nothing'} (require/import)`,
		requires.violations.length === 0,
		requires.violations,
	);
	for (const message of requires.violations) fail('tarball requires', message);

	return result;
}

/** The scanner's ESLint report, when it has one. */
function scanDetails(analysis) {
	if (analysis.passed) return [];
	return [analysis.message, ...(analysis.details ?? '').split('\n')].filter(Boolean);
}

module.exports = { checkPackage, scanDetails };
