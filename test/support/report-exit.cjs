// Preloaded (node -r) into a child whose exit status a test checks after a signal: the child
// states it on stderr itself, because Deno 2.9's child_process reports (null, 'SIGINT') for a
// child that handled SIGINT and exited with its own status.
'use strict';
process.on('exit', (code) => process.stderr.write(`\nexit status ${code}\n`));
