export { runWorkflow, singleNodeWorkflow, type RunOptions, type RunResult, type WorkflowJson } from './runWorkflow';
export { PACKAGE, NODE_TYPES, TestNodeTypes } from './nodeTypes';
export { TestCredentialsHelper, CREDENTIAL_TYPES } from './credentials';
export { startJsonServer, type JsonServer, type RecordedRequest } from './jsonServer';
