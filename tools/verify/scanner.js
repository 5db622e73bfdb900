// n8n's own verification scanner (@n8n/scan-community-package), loaded for its offline
// part: analyzePackage lints a directory with the full community rule set, inline
// eslint-disable comments ignored, exactly as the verification gate does.
'use strict';

const { pathToFileURL } = require('url');

/** The two legs the scanner runs after its provenance check. */
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

/**
 * Imports the scanner. It makes a temporary folder on import and never removes it, so
 * the import runs with TMPDIR pointing into workDir, which the caller removes.
 */
async function loadScanner(workDir) {
	const scannerPath = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
	const previousTmpDir = process.env.TMPDIR;
	process.env.TMPDIR = workDir;
	try {
		const scanner = await import(pathToFileURL(scannerPath).href);
		return {
			analyzePackage: scanner.analyzePackage,
			findPackageRoot: scanner.findPackageRoot,
			SOURCE_FILE_PATTERNS: scanner.SOURCE_FILE_PATTERNS,
			TARBALL_PATTERNS,
		};
	} finally {
		if (previousTmpDir === undefined) delete process.env.TMPDIR;
		else process.env.TMPDIR = previousTmpDir;
	}
}

module.exports = { loadScanner, TARBALL_PATTERNS };
