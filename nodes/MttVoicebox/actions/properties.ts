import type { INodeProperties } from 'n8n-workflow';

/**
 * The Operation selector of the MTT Voicebox node (the node has no Resource). Each operation's own parameters live in
 * its `<operation>.operation.ts`; router.ts maps the values here to those files.
 */
export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Build Visit Phrase',
			value: 'buildVisitPhrase',
			action: 'Build a visit phrase',
			description: 'Turn a visit date, specialty and patient name into words the robot says well',
		},
		{
			name: 'Check Visit',
			value: 'checkVisit',
			action: 'Check a visit can be dialled',
			description:
				'Normalise the phone and say why a visit cannot be called: no or foreign phone, time zone, past start',
		},
		{
			name: 'Plan Next Attempt',
			value: 'planNextAttempt',
			action: 'Plan the next attempt',
			description:
				'Decide from a call outcome whether to stop or when to call again, inside the calling window',
		},
		{
			name: 'Start Campaign Call',
			value: 'startCall',
			action: 'Start a campaign call',
			description: 'Ask a campaign launched by HTTP request to call a number',
		},
	],
	default: 'startCall',
};
