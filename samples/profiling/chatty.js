// A script that logs as it works, like most real ones: one progress line per batch. Profilers that
// enable the inspector's Runtime domain pay for every console.log (each becomes a protocol event
// serialised in the profiled process); bench/profiler.ts measures that overhead on this file.
'use strict';

function checksum(batch) {
  let h = 0;
  for (let i = 0; i < batch.length; i++) h = (h * 31 + batch.charCodeAt(i)) | 0; // HOT: the hash loop
  return h;
}

const batches = Number(process.argv[2] ?? 20000);
let total = 0;
for (let b = 0; b < batches; b++) {
  const batch = `batch-${b}-`.repeat(40);
  total = (total + checksum(batch)) | 0;
  console.log('batch', b, 'of', batches, { checksum: total });
}
console.log(`checked ${batches} batches: ${total}`);
