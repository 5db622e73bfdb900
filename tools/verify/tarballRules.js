// What an extracted tarball may hold beyond what n8n's scanner checks: only its own
// service's files, no runtime dependency, and no require() of anything n8n does not
// provide (the shared code must be bundled in, not left as an import).
'use strict';

const fs = require('fs');
const path = require('path');

/** The modules a node may load at run time: n8n provides n8n-workflow, crypto is built in. */
const ALLOWED_REQUIRES = new Set(['n8n-workflow', 'crypto', 'node:crypto']);

/** Root files every package may ship beside its build. */
const ROOT_DOCUMENTS = /^(README|LICENSE|CHANGELOG)(\.md|\.txt)?$/i;

const DEPENDENCY_FIELDS = [
	'dependencies',
	'optionalDependencies',
	'bundleDependencies',
	'bundledDependencies',
];

/** Every file under dir, as posix paths relative to it. */
function listFiles(dir) {
	const files = [];
	const walk = (relative) => {
		for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
			const child = relative ? `${relative}/${entry.name}` : entry.name;
			if (entry.isDirectory()) walk(child);
			else files.push(child);
		}
	};
	walk('');
	return files.sort();
}

/** The icon files a built node or credential points at (`file:../../icons/x.svg`). */
function referencedIcons(extractedDir, builtFile) {
	const fullPath = path.join(extractedDir, builtFile);
	if (!fs.existsSync(fullPath)) return [];
	const source = fs.readFileSync(fullPath, 'utf8');
	const icons = [];
	for (const match of source.matchAll(/["'`]file:([^"'`]+)["'`]/g)) {
		icons.push(path.posix.normalize(path.posix.join(path.posix.dirname(builtFile), match[1])));
	}
	return icons;
}

/**
 * Violations in the extracted tarball's contents: files that are not this package's
 * nodes, credentials, their codex files and icons, index.js or the root documents; and
 * files the n8n block or a node's icon names that are missing.
 */
function contentViolations(extractedDir, packageJson, files) {
	const violations = [];
	const n8n = packageJson.n8n ?? {};
	const declared = [...(n8n.nodes ?? []), ...(n8n.credentials ?? [])].map((file) =>
		path.posix.normalize(file),
	);
	const codex = (n8n.nodes ?? []).map((file) =>
		path.posix.normalize(file).replace(/\.js$/, '.json'),
	);
	const icons = new Set(declared.flatMap((file) => referencedIcons(extractedDir, file)));
	const allowed = new Set(['package.json', 'index.js', ...declared, ...codex, ...icons]);

	for (const file of files) {
		if (allowed.has(file) || ROOT_DOCUMENTS.test(file)) continue;
		violations.push(
			`${file} is not one of this package's nodes, credentials, codex files, icons, index.js or root documents`,
		);
	}
	const present = new Set(files);
	for (const file of declared) {
		if (!present.has(file)) violations.push(`${file} is listed in the n8n block but not packed`);
	}
	for (const icon of icons) {
		if (!present.has(icon))
			violations.push(`${icon} is a node's or credential's icon but not packed`);
	}
	return violations;
}

/** Violations of "zero runtime dependencies" in the packed package.json. */
function dependencyViolations(packageJson) {
	const violations = [];
	for (const field of DEPENDENCY_FIELDS) {
		const value = packageJson[field];
		const names = Array.isArray(value) ? value : Object.keys(value ?? {});
		if (names.length > 0)
			violations.push(`package.json ${field} is not empty: ${names.join(', ')}`);
	}
	return violations;
}

// ESLint's own parser (a dependency of eslint, which the repository lists), so that
// comments and strings that mention require( are not mistaken for calls.
const espree = require(require.resolve('espree', { paths: [require.resolve('eslint')] }));

/** The require() and import() calls in a script, with their argument's source text. */
function loadCalls(source) {
	const ast = espree.parse(source, {
		ecmaVersion: 'latest',
		sourceType: 'script',
		loc: true,
		range: true,
	});
	const calls = [];
	const visit = (node) => {
		if (Array.isArray(node)) return node.forEach(visit);
		if (!node || typeof node.type !== 'string') return;
		const isRequire =
			node.type === 'CallExpression' &&
			node.callee.type === 'Identifier' &&
			node.callee.name === 'require';
		if (isRequire || node.type === 'ImportExpression') {
			const argument = isRequire ? node.arguments[0] : node.source;
			calls.push({
				kind: isRequire ? 'require' : 'import',
				line: node.loc.start.line,
				module:
					argument?.type === 'Literal' && typeof argument.value === 'string'
						? argument.value
						: undefined,
				text: argument ? source.slice(...argument.range) : '',
			});
		}
		for (const [key, child] of Object.entries(node)) {
			if (key !== 'parent' && child && typeof child === 'object') visit(child);
		}
	};
	visit(ast);
	return calls;
}

/** Every require()/import() in the packed JavaScript and whether n8n can satisfy it. */
function requireViolations(extractedDir, files) {
	const violations = [];
	const loaded = new Set();
	for (const file of files.filter((name) => name.endsWith('.js'))) {
		let calls;
		try {
			calls = loadCalls(fs.readFileSync(path.join(extractedDir, file), 'utf8'));
		} catch (error) {
			violations.push(`${file} does not parse as a script: ${error.message}`);
			continue;
		}
		for (const call of calls) {
			if (call.module !== undefined && ALLOWED_REQUIRES.has(call.module)) {
				loaded.add(call.module);
				continue;
			}
			violations.push(
				`${file}:${call.line} ${call.kind}(${call.text}): only n8n-workflow and crypto may be loaded; bundle anything else`,
			);
		}
	}
	return { violations, loaded: [...loaded].sort() };
}

module.exports = {
	ALLOWED_REQUIRES,
	listFiles,
	contentViolations,
	dependencyViolations,
	requireViolations,
};
