import type { IHttpRequestMethods, INodeParameters, IWebhookDescription } from 'n8n-workflow';

/**
 * n8n 2.x reads a webhook description field without its expression engine when the field carries a resolver under
 * this key beside its unchanged template (n8n-workflow `webhookDescriptionFields`; `Symbol.for`, so it is the same
 * symbol in whichever n8n-workflow n8n loads). Without one, every request evaluates the templates in the expression
 * isolate. n8n 1.x ignores the key and evaluates the templates as before.
 */
const RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers');

/** A description field chosen by one node parameter: the expression n8n 1.x evaluates, the resolver 2.x calls. */
export interface ChosenField {
	template: string;
	resolve: (parameters: INodeParameters) => string;
}

/**
 * `when` picks `ifTrue` or `otherwise` from a parameter: `path` is where it sits (`['mode']`, `['options',
 * 'respond']`) and `value` the value that selects `ifTrue`.
 */
export function chosenBy(
	path: string[],
	value: string,
	ifTrue: string,
	otherwise: string,
): ChosenField {
	// `($parameter["options"] || {})["respond"]`: an options collection saved empty has no key
	const read = path.reduce(
		(expr, key, i) => (i < path.length - 1 ? `(${expr}["${key}"] || {})` : `${expr}["${key}"]`),
		'$parameter',
	);
	return {
		template: `={{${read} === "${value}" ? "${ifTrue}" : "${otherwise}"}}`,
		resolve: (parameters) => {
			let at: unknown = parameters;
			for (const key of path) at = (at as Record<string, unknown> | undefined)?.[key];
			return at === value ? ifTrue : otherwise;
		},
	};
}

type Answer = Record<'responseMode' | 'responseData', string | ChosenField>;

/**
 * The one URL of a trigger (path `webhook`, the same for every method the sender may use), answered as `answer`
 * says: at once (onReceived) or with what the workflow produced, fixed or chosen by a parameter.
 */
export function triggerWebhooks(
	methods: IHttpRequestMethods[],
	answer: Answer,
): IWebhookDescription[] {
	const chosen = Object.fromEntries(
		Object.entries(answer).filter(([, field]) => typeof field !== 'string'),
	) as Record<string, ChosenField>;
	const text = (field: string | ChosenField) => (typeof field === 'string' ? field : field.template);
	return methods.map((httpMethod) => {
		const webhook: IWebhookDescription = {
			name: 'default',
			httpMethod,
			path: 'webhook',
			responseMode: text(answer.responseMode),
			responseData: text(answer.responseData),
		};
		return Object.keys(chosen).length > 0
			? ({ ...webhook, [RESOLVERS]: chosen } as IWebhookDescription)
			: webhook;
	});
}
