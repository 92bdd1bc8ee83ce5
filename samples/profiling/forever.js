// Never ends: a timer keeps it alive and each tick burns CPU. Used for timeout and cancel; it prints
// "tick N" every 5 ticks so a test can wait for real work to have happened (poll, never sleep).
'use strict';
let x = 0;
let ticks = 0;
console.log('started');
setInterval(() => {
  const end = Date.now() + 20;
  while (Date.now() < end) x += Math.sqrt(x + 1); // HOT: busy tick
  if (++ticks % 5 === 0) console.log(`tick ${ticks}`);
}, 1);
