/**
 * n8n settings docs/operations.md recommends for a clinic's n8n, set by both demos so that they run as a clinic
 * should. n8n 1.x ignores them.
 *
 * N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE (n8n 2.x, `ExpressionEngineConfig.lazyAcquire`): an expression isolate is taken
 * when an expression is first evaluated, not before every webhook phase; the package's triggers evaluate none there,
 * so each webhook they receive takes one isolate instead of two. Expressions still run in the isolate.
 */
export const RECOMMENDED_N8N_ENV = {
	N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
} as const;
