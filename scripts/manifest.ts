/** package.json's contributes.configuration, derived from the one settings schema in core/config.ts. */
import { settingsSchema } from '../server/src/core/config';

export function configurationContribution(): object {
  const properties: Record<string, object> = {};
  for (const [key, schema] of Object.entries(settingsSchema)) {
    const { description, ...rest } = schema as { description: string };
    properties[`schemaguard.${key}`] = { ...rest, scope: 'resource', markdownDescription: description };
  }
  properties['schemaguard.trace.server'] = {
    type: 'string',
    enum: ['off', 'messages', 'verbose'],
    default: 'off',
    scope: 'window',
    markdownDescription: 'Traces the messages between VS Code and the Schemaguard language server (in the Schemaguard output channel).',
  };
  return { title: 'Schemaguard', properties };
}
