/**
 * One snapshot of the schema: maps from qualified names to immutable objects. Replaying a
 * statement never changes an object another snapshot holds: it stores a new object under the
 * same key (`update*`), so a snapshot per migration file costs a copy of the maps, not of the schema.
 */
import type { ExtensionModel, IndexModel, OperatorUse, RelationModel, SourceRef, TypeModel } from './types';

/** `schema.name`: the key of relations, indexes and types in a snapshot. */
export function qualify(schema: string, name: string): string {
  return `${schema}.${name}`;
}

/** The schema and name parts of a key (names may contain dots; schemas written by migrations rarely do). */
export function splitKey(key: string): { schema: string; name: string } {
  const dot = key.indexOf('.');
  return { schema: key.slice(0, dot), name: key.slice(dot + 1) };
}

/** A name as a statement writes it: optionally schema-qualified. */
export interface WrittenName {
  schema?: string;
  name: string;
}

const DEFAULT_SEARCH_PATH = ['public'];

export class SchemaState {
  readonly relations: Map<string, RelationModel>;
  readonly indexes: Map<string, IndexModel>;
  readonly types: Map<string, TypeModel>;
  readonly schemas: Map<string, SourceRef | undefined>;
  readonly extensions: Map<string, ExtensionModel>;
  /** Pattern and distance operators the queries of views, functions and index expressions apply to columns, by owner (replay-queries.ts). */
  readonly queryUses: Map<string, readonly OperatorUse[]>;
  /** The schemas unqualified names resolve in, as SET search_path last left it. */
  searchPath: readonly string[];

  constructor(from?: SchemaState) {
    this.relations = new Map(from?.relations);
    this.indexes = new Map(from?.indexes);
    this.types = new Map(from?.types);
    this.schemas = new Map(from?.schemas ?? [['public', undefined]]);
    this.extensions = new Map(from?.extensions);
    this.queryUses = new Map(from?.queryUses);
    this.searchPath = from?.searchPath ?? DEFAULT_SEARCH_PATH;
  }

  /** A snapshot that later replays can change without touching this one. */
  clone(): SchemaState {
    return new SchemaState(this);
  }

  /** The key of an existing relation (table, view, sequence, ...) a statement names, resolved through search_path. */
  resolveRelation(written: WrittenName): string | undefined {
    return this.resolve(written, (key) => this.relations.has(key));
  }

  resolveIndex(written: WrittenName): string | undefined {
    return this.resolve(written, (key) => this.indexes.has(key));
  }

  resolveType(written: WrittenName): string | undefined {
    return this.resolve(written, (key) => this.types.has(key));
  }

  /** The schema an unqualified CREATE puts its object in: the first schema of search_path that exists. */
  creationSchema(schema: string | undefined): string {
    if (schema) return schema;
    return this.searchPath.find((candidate) => this.schemas.has(candidate)) ?? 'public';
  }

  /** True when a relation or index of this name exists in the schema (they share pg_class's namespace). */
  relationNameTaken(schema: string, name: string): boolean {
    const key = qualify(schema, name);
    return this.relations.has(key) || this.indexes.has(key) || this.types.has(key);
  }

  /** True when any constraint of any relation in the schema has this name (PostgreSQL's check for generated names). */
  constraintNameTaken(schema: string, name: string): boolean {
    for (const relation of this.relations.values()) {
      if (relation.schema === schema && relation.constraints.some((constraint) => constraint.name === name)) return true;
    }
    return false;
  }

  updateRelation(key: string, change: (relation: RelationModel) => RelationModel): RelationModel | undefined {
    const relation = this.relations.get(key);
    if (!relation) return undefined;
    const next = change(relation);
    this.relations.set(key, next);
    return next;
  }

  updateIndex(key: string, change: (index: IndexModel) => IndexModel): void {
    const index = this.indexes.get(key);
    if (index) this.indexes.set(key, change(index));
  }

  /** The indexes of a relation, in creation order. */
  indexesOf(relationKey: string): IndexModel[] {
    const relation = this.relations.get(relationKey);
    if (!relation) return [];
    return relation.indexes.map((key) => this.indexes.get(key)).filter((index): index is IndexModel => index !== undefined);
  }

  /** Every relation whose foreign keys reference `relationKey`, with those constraints. */
  referencing(relationKey: string): Array<{ table: RelationModel; key: string; constraints: RelationModel['constraints'] }> {
    const result = [];
    for (const [key, table] of this.relations) {
      const constraints = table.constraints.filter((constraint) => constraint.references?.table === relationKey);
      if (constraints.length > 0) result.push({ table, key, constraints });
    }
    return result;
  }

  private resolve(written: WrittenName, exists: (key: string) => boolean): string | undefined {
    if (written.schema) {
      const key = qualify(written.schema, written.name);
      return exists(key) ? key : undefined;
    }
    const temporary = qualify('pg_temp', written.name);
    if (exists(temporary)) return temporary;
    for (const schema of this.searchPath) {
      const key = qualify(schema, written.name);
      if (exists(key)) return key;
    }
    return undefined;
  }
}
