/** What n8n's editor does with a node description: the parameters it saves, the properties it shows. */
import {
	NodeHelpers,
	type INode,
	type INodeParameters,
	type INodeProperties,
	type INodeTypeDescription,
} from 'n8n-workflow';

/** The node's version as the editor sees it (`@version` conditions): default the one a new node gets. */
function atVersion(description: INodeTypeDescription, typeVersion?: number): INode {
	const versions = [description.version].flat();
	return {
		typeVersion: typeVersion ?? description.defaultVersion ?? Math.max(...versions),
	} as INode;
}

/** The parameters the editor saves for these values: every other field at its default. */
export function savedParameters(
	description: INodeTypeDescription,
	values: INodeParameters,
	typeVersion?: number,
): INodeParameters {
	return NodeHelpers.getNodeParameters(
		description.properties,
		values,
		true,
		false,
		atVersion(description, typeVersion),
		description,
	)!;
}

/** The properties the editor shows for these values (defaults filled in first). */
export function shownProperties(
	description: INodeTypeDescription,
	values: INodeParameters,
	typeVersion?: number,
): INodeProperties[] {
	const parameters = savedParameters(description, values, typeVersion);
	const node = atVersion(description, typeVersion);
	return description.properties.filter((p) =>
		NodeHelpers.displayParameter(parameters, p, node, description),
	);
}

/** The credentials the editor offers for these values (what the panel's credential field lists). */
export function shownCredentials(
	description: INodeTypeDescription,
	values: INodeParameters,
	typeVersion?: number,
): string[] {
	const parameters = savedParameters(description, values, typeVersion);
	const node = atVersion(description, typeVersion);
	return (description.credentials ?? [])
		.filter((c) => NodeHelpers.displayParameter(parameters, c, node, description))
		.map((c) => c.name);
}

/** The `<code>` blocks of a notice as a person copies them (`<wbr>` break hints dropped, HTML entities undone). */
export function codeBlocks(html: string): string[] {
	return [...html.matchAll(/<code>(.*?)<\/code>/g)].map((m) =>
		m[1]
			.replace(/<wbr>/g, '')
			.replace(/&lt;/g, '<')
			.replace(/&gt;/g, '>')
			.replace(/&amp;/g, '&'),
	);
}
