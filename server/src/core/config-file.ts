/**
 * Reading settings from untrusted places: `.schemaguard.json` (JSON with comments) and the
 * editor's `schemaguard.*` section. Both are checked against the one schema in config.ts;
 * a broken config file yields located errors, never an exception.
 */
import type * as AjvModule from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { findNodeAtLocation, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import type { Settings } from './config';
import { configFileSchema, settingsSchema } from './config';

export const CONFIG_FILE_NAME = '.schemaguard.json';

export interface ConfigProblem {
  message: string;
  /** UTF-16 offsets in the config file text. */
  start: number;
  end: number;
}

export interface ConfigFileResult {
  settings: Partial<Settings>;
  problems: ConfigProblem[];
}

let validators: { file: ValidateFunction; keys: Map<string, ValidateFunction> } | undefined;

function getValidators(): NonNullable<typeof validators> {
  if (!validators) {
    // loaded when a config file is first read: ajv and its meta-schemas cost ~5 ms of every start
    const Ajv = (require('ajv') as typeof AjvModule).default;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const keys = new Map<string, ValidateFunction>();
    for (const [key, schema] of Object.entries(settingsSchema)) keys.set(key, ajv.compile(schema));
    validators = { file: ajv.compile(configFileSchema), keys };
  }
  return validators;
}

/**
 * Parses a `.schemaguard.json`. Keys that fail validation are dropped (and reported);
 * the valid keys still apply.
 */
export function parseConfigFile(text: string): ConfigFileResult {
  const problems: ConfigProblem[] = [];
  if (text.trim() === '') return { settings: {}, problems: [{ message: 'The configuration file is empty: expected a JSON object.', start: 0, end: 0 }] };
  const parseErrors: ParseError[] = [];
  const root = parseTree(text, parseErrors, { allowTrailingComma: true, disallowComments: false });
  for (const error of parseErrors) {
    problems.push({
      message: `Invalid JSON: ${describeParseError(printParseErrorCode(error.error))}.`,
      start: error.offset,
      end: error.offset + Math.max(1, error.length),
    });
  }
  if (!root || parseErrors.length > 0) return { settings: {}, problems };
  const value = jsonValue(root);
  const { file } = getValidators();
  if (!file(value)) {
    for (const error of file.errors ?? []) problems.push(locate(root, error));
  }
  return { settings: sanitizeSettings(value), problems };
}

/** Keeps the keys whose values match the schema; editor settings arrive untyped. */
export function sanitizeSettings(input: unknown): Partial<Settings> {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return {};
  const { keys } = getValidators();
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    const validate = keys.get(key);
    if (validate && value !== undefined && value !== null && validate(value)) out[key] = value;
  }
  return out as Partial<Settings>;
}

function jsonValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries(
        (node.children ?? []).map((property) => [property.children?.[0]?.value as string, property.children?.[1] ? jsonValue(property.children[1]) : null]),
      );
    case 'array':
      return (node.children ?? []).map(jsonValue);
    default:
      return node.value;
  }
}

function locate(root: JsonNode, error: ErrorObject): ConfigProblem {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  let node = findNodeAtLocation(root, path) ?? root;
  let message = `${error.instancePath ? `"${path.join('.')}"` : 'The configuration'} ${error.message ?? 'is invalid'}`;
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    const property = findNodeAtLocation(root, [...path, extra])?.parent;
    if (property?.children?.[0]) node = property.children[0];
    message = `Unknown setting "${extra}"${path.length ? ` in "${path.join('.')}"` : ''}.`;
  } else if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
    message = `"${path.join('.')}" must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}.`;
  } else {
    message += '.';
  }
  return { message, start: node.offset, end: node.offset + node.length };
}

function describeParseError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
