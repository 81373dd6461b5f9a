import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { validateWorkflow, checkWorkflowDir } = require('../../scripts/validate-workflows') as {
	validateWorkflow: (text: string) => string[];
	checkWorkflowDir: (dir: string) => { files: string[]; failures: string[] };
};

const base = () => ({
	name: 'Reminder',
	nodes: [
		{
			name: 'Voicebox Status',
			type: 'n8n-nodes-comagic-voicebox.mttVoiceboxTrigger',
			typeVersion: 1,
			webhookId: '7f1c8a52-8f7e-4a35-9b1e-0c3f5c2d9e11',
			parameters: {},
		},
		{ name: 'Set', type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: {} },
	],
	connections: { 'Voicebox Status': { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
});

describe('template validation (build:workflows)', () => {
	it('accepts a valid template', () => {
		expect(validateWorkflow(JSON.stringify(base()))).toEqual([]);
	});

	it('rejects broken JSON with the parser message', () => {
		expect(validateWorkflow('{"name": ')[0]).toMatch(/not valid JSON/);
	});

	it('names each problem', () => {
		const wf = base() as ReturnType<typeof base> & { pinData?: object };
		wf.nodes[0].webhookId = '';
		wf.nodes.push({ name: 'X', type: 'n8n-nodes-base.unknownThing', typeVersion: 1, parameters: {} });
		wf.nodes.push({
			name: 'Call',
			type: 'n8n-nodes-comagic-voicebox.mttVoicebox',
			typeVersion: 1,
			parameters: { password: 'hunter2' },
			credentials: { mttVoiceboxApi: { id: '12', name: 'Clinic' } },
		} as never);
		(wf.connections as Record<string, unknown>)['Set'] = { main: [[{ node: 'Gone', type: 'main', index: 0 }]] };
		wf.pinData = { Set: [{ json: {} }] };
		const problems = validateWorkflow(JSON.stringify(wf));
		expect(problems).toEqual(
			expect.arrayContaining([
				'node "Voicebox Status" is a webhook trigger without a fixed webhookId (UUID)',
				'node "X" has unknown type n8n-nodes-base.unknownThing',
				'node "Call" carries the id of a "mttVoiceboxApi" credential: remove it',
				'connection from "Set" to missing node "Gone"',
				'nodes[3].parameters.password holds a literal secret',
				'ships pinData: remove it',
			]),
		);
	});

	it('rejects a node version newer than the supported n8n', () => {
		const wf = base();
		wf.nodes[1].typeVersion = 99;
		expect(validateWorkflow(JSON.stringify(wf))[0]).toMatch(/newer than/);
	});

	it('names the broken file and its reason for the build', () => {
		const dir = mkdtempSync(join(tmpdir(), 'templates-'));
		writeFileSync(join(dir, 'good.json'), JSON.stringify(base()));
		writeFileSync(join(dir, 'broken.json'), '{"name": "x", "nodes": [');
		const { files, failures } = checkWorkflowDir(dir);
		expect(files).toEqual(['broken.json', 'good.json']);
		expect(failures).toHaveLength(1);
		expect(failures[0]).toMatch(/^workflows\/broken\.json:\n {2}- not valid JSON/);
	});
});
