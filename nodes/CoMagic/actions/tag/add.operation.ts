import { tagChangeOperation } from './change';

export const { description, execute } = tagChangeOperation('add', 'set.tag_communications');
