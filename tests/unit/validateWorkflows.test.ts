import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { validateWorkflow, checkWorkflowDir, OUR_VERSIONS } = require('../../scripts/validate-workflows') as {
	validateWorkflow: (text: string) => string[];
	checkWorkflowDir: (dir: string) => { files: string[]; failures: string[] };
	OUR_VERSIONS: Record<string, number>;
};

import { CoMagic } from '../../nodes/CoMagic/CoMagic.node';
import { CoMagicTrigger } from '../../nodes/CoMagic/CoMagicTrigger.node';
import { MttVoicebox } from '../../nodes/MttVoicebox/MttVoicebox.node';
import { MttVoiceboxTrigger } from '../../nodes/MttVoicebox/MttVoiceboxTrigger.node';

const base = () => ({
	name: 'Reminder',
	nodes: [
		{
			name: 'Voicebox Status',
			type: 'n8n-nodes-comagic-voicebox.mttVoiceboxTrigger',
			typeVersion: 2,
			webhookId: '7f1c8a52-8f7e-4a35-9b1e-0c3f5c2d9e11',
			parameters: {},
			credentials: { mttVoiceboxTriggerApi: { name: 'Voicebox trigger secret' } },
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

	it("knows each node's newest version, and ships only that one", () => {
		const newest = (d: { version: number | number[]; defaultVersion?: number }) =>
			d.defaultVersion ?? Math.max(...[d.version].flat());
		expect(OUR_VERSIONS).toEqual(
			Object.fromEntries(
				[new CoMagic(), new CoMagicTrigger(), new MttVoicebox(), new MttVoiceboxTrigger()].map((n) => [
					`n8n-nodes-comagic-voicebox.${n.description.name}`,
					newest(n.description),
				]),
			),
		);
		const old = base();
		old.nodes[0].typeVersion = 1;
		expect(validateWorkflow(JSON.stringify(old))).toEqual([
			'node "Voicebox Status" has typeVersion 1, this package\'s newest is 2',
		]);
	});

	it('refuses a trigger that takes a secret without naming its credential; "None" needs none', () => {
		const wf = base() as { nodes: Array<Record<string, unknown>> };
		delete wf.nodes[0].credentials;
		expect(validateWorkflow(JSON.stringify(wf))).toEqual([
			'node "Voicebox Status" takes a secret but names no mttVoiceboxTriggerApi credential',
		]);
		wf.nodes[0].parameters = { secretLocation: 'none' };
		expect(validateWorkflow(JSON.stringify(wf))).toEqual([]);
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
