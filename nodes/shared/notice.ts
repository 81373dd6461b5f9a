/** Pieces of the HTML the nodes' notices are written in. */

export function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** n8n 2.x notices keep only a, ul and li (no br, no code styling): a list keeps the lines apart on both lines. */
export function htmlList(head: string, items: string[]): string {
	return `${head}<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;
}
