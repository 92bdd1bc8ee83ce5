// Does some work, then throws: the profile of what ran must still be saved and the exit reported.
'use strict';
function spin(ms) {
  const end = Date.now() + ms;
  let x = 0;
  while (Date.now() < end) x += Math.sqrt(x + 1); // HOT: busy loop before the crash
  return x;
}
spin(Number(process.argv[2] ?? 300));
throw new Error('sample failure after the work');
