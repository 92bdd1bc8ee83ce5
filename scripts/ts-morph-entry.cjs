// Entry of dist/ts-morph.js (see tsMorphSidecar in build.mjs): ts-morph and its TypeScript, alone.
module.exports = require('ts-morph');
