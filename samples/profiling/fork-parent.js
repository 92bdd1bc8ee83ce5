// Forks a child (this file with "child") and waits for it: the parent's profile must still be
// saved, the child must not inherit --inspect-brk (it would wait for a debugger forever).
'use strict';
const { fork } = require('node:child_process');

function spin(ms) {
  const end = Date.now() + ms;
  let x = 0;
  while (Date.now() < end) x += Math.sqrt(x + 1); // HOT: busy loop
  return x;
}

if (process.argv[2] === 'child') {
  spin(150);
  console.log(`child ${process.pid} done`);
} else {
  const child = fork(__filename, ['child'], { stdio: 'inherit' });
  spin(200);
  child.on('exit', (code) => console.log(`parent saw child exit ${code}`));
}
