/**
 * One settings schema for the editor (`schemaguard.*`) and the CLI / `.schemaguard.json`.
 * package.json's `contributes.configuration` is generated from `settingsSchema`
 * (scripts/generate-manifest.ts) and a test keeps the two equal.
 */

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type RuleLevel = Severity | 'off';
export const TRANSACTION_MODES = ['explicit', 'per-file', 'single-command'] as const;
export type TransactionMode = (typeof TRANSACTION_MODES)[number];

export const PRIMARY_KEY_STRATEGIES = ['auto', 'uuid', 'bigint'] as const;
export type PrimaryKeyStrategy = (typeof PRIMARY_KEY_STRATEGIES)[number];

/** One migration history, when the layout cannot be read off the file names (see model/schema/layout.ts). */
export interface HistorySetting {
  /** Folder, relative to the workspace folder (or the folder of .schemaguard.json), whose .sql files form one history. */
  folder: string;
  /** 'lexical', 'dependency' (a file after those that create what it uses), or the file names in order. */
  order?: 'lexical' | 'dependency' | string[];
  /** A pg_dump schema in that folder applied before the first migration. */
  baseline?: string;
}

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];
export const SUPPORTED_POSTGRES_VERSIONS = [11, 12, 13, 14, 15, 16, 17, 18] as const;

export interface Settings {
  /** PostgreSQL major version the migrations run on. */
  postgresVersion: number;
  /** Whether the migration runner wraps each file in one transaction. */
  transaction: TransactionMode;
  /** Per-rule severity or 'off'. */
  rules: Record<string, RuleLevel>;
  /** Globs (relative to the workspace or config folder) of files to lint. */
  include: string[];
  /** Globs of files never to lint. */
  exclude: string[];
  /** Files larger than this many bytes are skipped with one diagnostic. */
  maxFileSize: number;
  /** Primary keys the design rules argue for: 'auto' follows the workspace's own convention. */
  primaryKeys: PrimaryKeyStrategy;
  /** Histories whose layout or order the file names do not tell. */
  histories: HistorySetting[];
  /** The Python interpreter (with Alembic) the editor's SQL preview of an Alembic revision runs; '' finds one. */
  python: string;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  postgresVersion: 17,
  transaction: 'explicit',
  rules: {},
  include: ['**/*.sql', '**/versions/*.py'],
  exclude: ['**/node_modules/**', '**/.git/**'],
  maxFileSize: 5 * 1024 * 1024,
  primaryKeys: 'auto',
  histories: [],
  python: '',
});

export type JsonSchema = Record<string, unknown>;

const ruleLevelSchema: JsonSchema = {
  type: 'string',
  enum: ['off', ...SEVERITIES],
};

/** JSON Schema of every setting, with its default and a description. */
export const settingsSchema: Record<keyof Settings, JsonSchema> = {
  postgresVersion: {
    type: 'integer',
    enum: [...SUPPORTED_POSTGRES_VERSIONS],
    default: DEFAULT_SETTINGS.postgresVersion,
    description:
      'PostgreSQL major version the migrations run on. Changes verdicts: constant defaults are instant from 11, REINDEX CONCURRENTLY exists from 12, DETACH PARTITION CONCURRENTLY from 14.',
  },
  transaction: {
    type: 'string',
    enum: [...TRANSACTION_MODES],
    enumDescriptions: [
      'Statements run one at a time and only BEGIN/COMMIT written in the file open transactions (psql -f, golang-migrate with x-multi-statement).',
      'The migration runner wraps each file in one transaction (Flyway, Prisma, Alembic, node-pg-migrate). dbmate sections are always read this way unless they say `transaction:false`.',
      'The runner sends each file as one command string (golang-migrate by default; dbmate `transaction:false` sections are always read this way): PostgreSQL runs a command of several statements as one transaction, so CONCURRENTLY must be alone in its file.',
    ],
    default: DEFAULT_SETTINGS.transaction,
    description: 'How the migration runner executes each file: statement by statement, wrapped in a transaction, or as one command string.',
  },
  rules: {
    type: 'object',
    additionalProperties: ruleLevelSchema,
    default: {},
    description: 'Severity per rule id ("error", "warning", "info", "hint") or "off" to disable it.',
  },
  include: {
    type: 'array',
    items: { type: 'string' },
    default: DEFAULT_SETTINGS.include,
    description: 'Globs, relative to the workspace folder (or the folder of .schemaguard.json), of the files to lint: SQL migrations and Alembic revisions (`versions/*.py`).',
  },
  exclude: {
    type: 'array',
    items: { type: 'string' },
    default: DEFAULT_SETTINGS.exclude,
    description: 'Globs of files never to lint.',
  },
  maxFileSize: {
    type: 'integer',
    minimum: 1024,
    default: DEFAULT_SETTINGS.maxFileSize,
    description: 'Files larger than this many bytes are skipped, with one diagnostic saying so.',
  },
  primaryKeys: {
    type: 'string',
    enum: [...PRIMARY_KEY_STRATEGIES],
    enumDescriptions: [
      'Follow the workspace: no argument with a consistent choice; a table whose primary key breaks the convention most tables follow is flagged.',
      'UUID keys (several writers, keys made outside the database): integer keys are flagged, random UUIDv4 keys get the index-locality hint (UUIDv7).',
      'bigint identity keys (one database): UUID and int/serial keys are flagged.',
    ],
    default: DEFAULT_SETTINGS.primaryKeys,
    description: 'The primary-key strategy the key rules argue for.',
  },
  histories: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        folder: { type: 'string' },
        order: { anyOf: [{ type: 'string', enum: ['lexical', 'dependency'] }, { type: 'array', items: { type: 'string' } }] },
        baseline: { type: 'string' },
      },
      required: ['folder'],
      additionalProperties: false,
    },
    default: DEFAULT_SETTINGS.histories,
    description:
      'Migration histories whose order the file names do not tell: `{ "folder": "db/schema", "order": ["tables.sql", "indexes.sql"] }`, `"order": "dependency"` (each file after the files that create what it uses), `"baseline": "structure.sql"` (a pg_dump applied first). Other folders are read by their runner\'s naming (Flyway, golang-migrate, dbmate, Prisma, Supabase, diesel, numbered files).',
  },
  python: {
    type: 'string',
    default: DEFAULT_SETTINGS.python,
    description:
      'The Python interpreter, with Alembic installed, that "Preview SQL" on an Alembic revision runs `python -m alembic upgrade <prev>:<rev> --sql` with (offline mode: no database). Empty: the first of the project\'s `.venv` / `venv` interpreter, `python3`, `python` and `/usr/bin/python3` that can import alembic.',
  },
};

/** The schema of a `.schemaguard.json` file (every key optional, nothing else allowed). */
export const configFileSchema: JsonSchema = {
  type: 'object',
  properties: {
    $schema: { type: 'string' },
    ...Object.fromEntries(
      Object.entries(settingsSchema).map(([key, schema]) => {
        const { default: _default, enumDescriptions: _descriptions, ...rest } = schema;
        return [key, rest];
      }),
    ),
  },
  additionalProperties: false,
};

/** Merges settings layers, later layers winning; `rules` merge per rule id. */
export function resolveSettings(...layers: Array<Partial<Settings> | undefined>): Settings {
  const result: Settings = { ...DEFAULT_SETTINGS, rules: {}, include: [...DEFAULT_SETTINGS.include], exclude: [...DEFAULT_SETTINGS.exclude], histories: [] };
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer) as Array<[keyof Settings, unknown]>) {
      if (value === undefined || value === null) continue;
      if (key === 'rules') result.rules = { ...result.rules, ...(value as Settings['rules']) };
      else (result as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return result;
}
