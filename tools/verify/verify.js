#!/usr/bin/env node
// `npm run verify`: what n8n's verification does to each service package, offline.
// For every public package with an n8n block: n8n-node lint (strict), build, npm pack,
// then n8n's scanner on the package directory (source leg) and on the extracted tarball
// (tarball leg), plus: the tarball holds only its own service, no dependencies, and no
// require() beyond n8n-workflow and crypto. Exits 1 on any violation.
//
//   node tools/verify/verify.js              verify this repository
//   node tools/verify/verify.js --prove-red  plant a restricted global in a copy and
//                                            show the check turns red
//   node tools/verify/verify.js --no-lint    skip n8n-node lint (the slowest step)
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

const { checkPackage, scanDetails } = require('./checkPackage');
const { loadScanner } = require('./scanner');

const ROOT = path.resolve(__dirname, '..', '..');

/** npm's own size wording (npm pack --dry-run): 999B, 1.1kB, 2.5MB. */
function formatBytes(bytes, spacer = '') {
	if (bytes < 1000) return `${bytes}${spacer}B`;
	if (bytes < 1000000) return `${(bytes / 1000).toFixed(1)}${spacer}kB`;
	return `${(bytes / 1000000).toFixed(1)}${spacer}MB`;
}

/** The workspace packages under packages/, split into published services and private code. */
function findPackages(root) {
	const packagesDir = path.join(root, 'packages');
	const services = [];
	const privates = [];
	for (const name of fs.readdirSync(packagesDir).sort()) {
		const file = path.join(packagesDir, name, 'package.json');
		if (!fs.existsSync(file)) continue;
		const packageJson = JSON.parse(fs.readFileSync(file, 'utf8'));
		if (packageJson.private) privates.push(path.dirname(file));
		else if (packageJson.n8n) services.push(path.dirname(file));
	}
	return { services, privates };
}

function printStep(step, passed, lines) {
	console.log(`  ${passed ? 'PASS' : 'FAIL'}  ${step}`);
	for (const line of lines) if (line.trim()) console.log(`          ${line}`);
}

function printTarball(tarball) {
	console.log(
		`  tarball ${tarball.filename}: ${formatBytes(tarball.size, ' ')} packed, ` +
			`${formatBytes(tarball.unpackedSize, ' ')} unpacked, ${tarball.files.length} files`,
	);
	for (const file of tarball.files) {
		console.log(`    ${formatBytes(file.size).padStart(7)}  ${file.path}`);
	}
}

/**
 * Verifies every service package of the repository at root. Returns
 * { ok, packages, shared, violations } with violations as { package, check, message }.
 * Tarballs are packed and extracted in workDir: a given one is left for the caller
 * to read and remove, a temporary one is removed.
 */
async function verifyRepository({ root = ROOT, lint = true, workDir } = {}) {
	const ownWorkDir = workDir === undefined;
	workDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'idv-verify-'));
	try {
		const scanner = await loadScanner(workDir);
		const { services, privates } = findPackages(root);
		const violations = [];
		const packages = [];
		const shared = [];
		if (services.length === 0) {
			violations.push({ package: root, check: 'packages', message: 'no service package found' });
		}

		for (const dir of services) {
			const name = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name;
			console.log(`\n== ${name} (${path.relative(root, dir)})`);
			const result = await checkPackage({ root, dir, scanner, workDir, lint, report: printStep });
			if (result.tarball) printTarball(result.tarball);
			packages.push(result);
			for (const violation of result.violations) violations.push({ package: name, ...violation });
		}

		// Not a scanner leg: the scanner sees shared code only once bundled into a tarball.
		// Linting its sources with the same rules points at the TypeScript line.
		for (const dir of privates) {
			const name = path.relative(root, dir);
			console.log(`\n== ${name} (private, bundled into the services)`);
			const analysis = await scanner.analyzePackage(dir, ['**/*.ts']);
			shared.push({ name, analysis });
			printStep('scanner rules on its sources (**/*.ts)', analysis.passed, scanDetails(analysis));
			if (!analysis.passed) {
				violations.push({ package: name, check: 'shared sources', message: analysis.message });
			}
		}

		return { ok: violations.length === 0, packages, shared, violations };
	} finally {
		if (ownWorkDir) fs.rmSync(workDir, { recursive: true, force: true });
	}
}

function printSummary({ ok, packages, violations }) {
	console.log('\n== verdicts');
	for (const result of packages) {
		const verdict = (leg) => (leg ? (leg.passed ? 'PASS' : 'FAIL') : 'not run');
		const own = result.violations.filter((v) => !v.check.startsWith('scanner')).length;
		console.log(
			`  ${result.name.padEnd(26)} source leg ${verdict(result.legs.source)}, ` +
				`tarball leg ${verdict(result.legs.tarball)}, other checks ${own ? `${own} FAIL` : 'PASS'}`,
		);
	}
	if (ok) {
		console.log('\nverify: every package passes.');
		return;
	}
	console.log(`\nverify: ${violations.length} violation(s):`);
	for (const violation of violations) {
		console.log(`  ${violation.package}: ${violation.check}: ${violation.message}`);
	}
}

async function main(argv) {
	const unknown = argv.filter((arg) => arg !== '--prove-red' && arg !== '--no-lint');
	if (unknown.length > 0) {
		console.error(`verify: unknown option ${unknown.join(' ')} (use --prove-red or --no-lint)`);
		return 2;
	}
	if (argv.includes('--prove-red')) {
		const { proveRed } = require('./proveRed');
		return (await proveRed({ root: ROOT, verifyRepository, printSummary })) ? 0 : 1;
	}
	const result = await verifyRepository({ root: ROOT, lint: !argv.includes('--no-lint') });
	printSummary(result);
	return result.ok ? 0 : 1;
}

if (require.main === module) {
	main(process.argv.slice(2)).then(
		(code) => {
			process.exitCode = code;
		},
		(error) => {
			console.error(error);
			process.exitCode = 1;
		},
	);
}

module.exports = { verifyRepository, printSummary, findPackages };
