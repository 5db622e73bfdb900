// Bundles the nodes and credentials (shared code inlined) and copies icons and codex files.
module.exports = require('../../tools/build/gulpTasks')(__dirname);
