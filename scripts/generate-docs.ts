/** npm run docs: writes docs/rules/ from rule metadata. */
import { mkdirSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { initParser } from '../server/src/core/source/parser';
import { renderAllDocs } from './docs';

async function main(): Promise<void> {
  await initParser();
  const files = renderAllDocs();
  mkdirSync('docs/rules', { recursive: true });
  for (const name of readdirSync('docs/rules')) {
    if (!files.has(`docs/rules/${name}`)) unlinkSync(`docs/rules/${name}`);
  }
  for (const [path, content] of files) writeFileSync(path, content);
  console.log(`docs: wrote ${files.size} files to docs/rules/`);
}

void main();
