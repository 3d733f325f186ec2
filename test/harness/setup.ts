import { initParser } from '../../server/src/core/source/parser';

await initParser();
