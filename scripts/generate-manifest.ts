/** Writes contributes.configuration into package.json (npm run manifest); a test checks it is current. */
import { readFileSync, writeFileSync } from 'node:fs';
import { configurationContribution } from './manifest';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
manifest.contributes = { ...manifest.contributes, configuration: configurationContribution() };
writeFileSync('package.json', JSON.stringify(manifest, null, 2) + '\n');
console.log('package.json: contributes.configuration updated');
