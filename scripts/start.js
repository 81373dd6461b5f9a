#!/usr/bin/env node
// `npm start`: the demo (sandbox + a real n8n with this package and the templates) is not built yet.
console.log(
	[
		'npm start: not yet — the demo script (sandbox + real n8n + credentials + templates) has not landed.',
		'Meanwhile: `npm run sandbox` starts the simulators, `npm test` runs everything against them.',
	].join('\n'),
);
