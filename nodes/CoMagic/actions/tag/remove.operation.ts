import { tagChangeOperation } from './change';

export const { description, execute } = tagChangeOperation('remove', 'unset.tag_communications');
