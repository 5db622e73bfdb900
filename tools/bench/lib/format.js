// The bench's Markdown: numbers, table rows, and a table of measured variants.
'use strict';

const fmt = (value, digits = 1) => value.toFixed(digits);

function row(label, ms, files, peakMb) {
	return `| ${label} | ${fmt(ms / 1000, 2)} s | ${fmt(files / (ms / 1000), 0)} files/s | ${fmt(peakMb, 0)} MB |`;
}

/** Prints a title, a table of (label, measured) rows over `count` files, and the ratios line. */
function table(say, title, count, rows, ratios) {
	say(title);
	say();
	say('| variant | time | throughput | peak memory |');
	say('|---|---|---|---|');
	for (const [label, measured] of rows) say(row(label, measured.ms, count, measured.peakMb));
	say();
	say(ratios);
	say();
}

module.exports = { fmt, row, table };
