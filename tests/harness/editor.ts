/** What n8n's editor does with a node description: the parameters it saves, the properties it shows. */
import {
	NodeHelpers,
	type INodeParameters,
	type INodeProperties,
	type INodeTypeDescription,
} from 'n8n-workflow';

/** The parameters the editor saves for these values: every other field at its default. */
export function savedParameters(
	description: INodeTypeDescription,
	values: INodeParameters,
): INodeParameters {
	return NodeHelpers.getNodeParameters(
		description.properties,
		values,
		true,
		false,
		null,
		description,
	)!;
}

/** The properties the editor shows for these values (defaults filled in first). */
export function shownProperties(
	description: INodeTypeDescription,
	values: INodeParameters,
): INodeProperties[] {
	const parameters = savedParameters(description, values);
	return description.properties.filter((p) =>
		NodeHelpers.displayParameter(parameters, p, null, description),
	);
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
