// The build of one service package: esbuild bundles each node and credential listed in
// the package's n8n block into dist (the private shared workspace package inlined, so
// the tarball has no runtime dependency), then gulp copies icons and codex files.
'use strict';

const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const { dest, series, src } = require('gulp');

const SHARED_DIR = path.join(__dirname, '..', '..', 'packages', 'shared');

/** The TypeScript source of each built file the n8n block lists (dist/x/y.js → x/y.ts). */
function entryPoints(packageDir) {
	const { n8n } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	return [...n8n.nodes, ...n8n.credentials].map((built) =>
		path.join(packageDir, built.replace(/^dist\//, '').replace(/\.js$/, '.ts')),
	);
}

module.exports = function gulpTasks(packageDir) {
	const distDir = path.join(packageDir, 'dist');

	function clean(done) {
		fs.rmSync(distDir, { recursive: true, force: true });
		done();
	}

	async function bundle() {
		await esbuild.build({
			entryPoints: entryPoints(packageDir),
			outbase: packageDir,
			outdir: distDir,
			bundle: true,
			platform: 'node',
			format: 'cjs',
			target: 'node20',
			// n8n provides n8n-workflow; node:crypto is a built-in. Everything else is inlined.
			external: ['n8n-workflow', 'crypto', 'node:crypto'],
			alias: { '@idv-documents/shared': SHARED_DIR },
			// Readable output: reviewers and n8n's scanner read the tarball.
			minify: false,
			keepNames: false,
			legalComments: 'none',
			logLevel: 'warning',
		});
	}

	function copyIcons() {
		return src('icons/*.svg', { cwd: packageDir }).pipe(dest(path.join(distDir, 'icons')));
	}

	function copyCodex() {
		return src('nodes/**/*.node.json', { cwd: packageDir }).pipe(dest(path.join(distDir, 'nodes')));
	}

	const build = series(clean, bundle, copyIcons, copyCodex);
	return { build, default: build };
};
