/**
 * The schema a migration history leaves behind, as PostgreSQL's catalog would describe it:
 * relations (tables, partitions, views, sequences), their columns, indexes and constraints,
 * enums and domains, schemas and extensions. Every object remembers the statement that created
 * it and the one that last changed it, so that rules, hovers and go-to-definition can point there.
 *
 * Objects are plain data and never mutated once a snapshot holds them (see state.ts).
 */
import type { Node } from 'libpg-query';

/** Where an object was created or changed: a statement of a file of the history. */
export interface SourceRef {
  /** The file's key in the workspace (its path, or the URI of an unsaved document). */
  file: string;
  /** The statement's index in that file's statement list. */
  statement: number;
  /** Document offsets (UTF-16) of what to point at: the statement, or the part that made the object. */
  start: number;
  end: number;
}

/** A column type as `format_type()` prints it: canonical name, modifiers and array-ness apart. */
export interface TypeRef {
  /** Canonical name: 'integer', 'character varying', 'timestamp with time zone', or a user type's name. */
  name: string;
  /** Schema of a user-defined type (enum, domain, composite, extension type) when it was written qualified. */
  schema?: string;
  /** Type modifiers as written: [255] for varchar(255), [10, 2] for numeric(10,2), ['Point', 4326] for geometry(Point,4326). */
  modifiers: Array<number | string>;
  /** True for an array type (PostgreSQL does not keep the number of dimensions). */
  array: boolean;
  /** The name as the parser gives it: internal for keyword types (int -> int4, timestamp with time zone -> timestamptz), as written otherwise (serial, int4). */
  written: string;
}

export interface Expression {
  /** The parse-tree node (locations refer to the statement it came from). */
  node: Node;
  /** A key equal for the same expression written anywhere (locations and layout ignored). */
  key: string;
}

export interface ColumnModel {
  name: string;
  type: TypeRef;
  notNull: boolean;
  default?: Expression;
  identity?: 'always' | 'by default';
  generated?: 'stored' | 'virtual';
  /** Declared serial / bigserial / smallserial: the default is nextval() of an owned sequence. */
  serial?: boolean;
  /** The name of its NOT NULL constraint when one was written (`CONSTRAINT name NOT NULL`; PostgreSQL 18 catalogs them). */
  notNullConstraint?: string;
  /** Came from a parent table (INHERITS, PARTITION OF) and was not also declared by the table itself. */
  inherited?: boolean;
  /** The collation written with COLLATE (unqualified); absent means the type's default (the database's, for text). */
  collation?: string;
  comment?: string;
  origin: SourceRef;
  changed: SourceRef;
}

export type ConstraintType = 'primary' | 'unique' | 'foreign' | 'check' | 'exclusion';

export interface ForeignKeyTarget {
  /** Key of the referenced table in the schema state. */
  table: string;
  /** Referenced columns; empty means the referenced table's primary key (resolved when known). */
  columns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface ConstraintModel {
  name: string;
  type: ConstraintType;
  /** The constrained columns (PRIMARY KEY, UNIQUE, FOREIGN KEY, the columns an EXCLUDE names). */
  columns: string[];
  references?: ForeignKeyTarget;
  /** CHECK expression, EXCLUDE predicate. */
  expression?: Expression;
  /** False for a constraint added NOT VALID and not validated since, or NOT ENFORCED. */
  validated: boolean;
  /** NOT ENFORCED (PostgreSQL 18): declared but never checked. */
  notEnforced?: boolean;
  deferrable?: boolean;
  /** PRIMARY KEY / UNIQUE / EXCLUDE: the index that enforces it (same name). */
  index?: string;
  /** Inherited from a parent table (a clone PostgreSQL made). */
  inherited?: boolean;
  /** CHECK ... NO INHERIT: children do not get it. */
  noInherit?: boolean;
  origin: SourceRef;
  changed: SourceRef;
}

/** One key column of an index: a column name, or an expression. */
export interface IndexKey {
  column?: string;
  expression?: Expression;
  /** Operator class, if written (text_pattern_ops, jsonb_path_ops, vector_cosine_ops). */
  opclass?: string;
  descending?: boolean;
  collation?: string;
}

export interface IndexModel {
  name: string;
  schema: string;
  /** Key of the table (or materialized view) it indexes. */
  table: string;
  method: string;
  unique: boolean;
  primary: boolean;
  /** Set when the index enforces a constraint of that name. */
  constraint?: string;
  keys: IndexKey[];
  include: string[];
  predicate?: Expression;
  nullsNotDistinct?: boolean;
  /** False while an index exists but is not usable (ON ONLY parent not yet attached to every partition). */
  valid: boolean;
  /** Created on ONLY a partitioned parent. */
  only?: boolean;
  /** The parent index it is attached to, for a partition's index. */
  parent?: string;
  origin: SourceRef;
  changed: SourceRef;
}

export type RelationKind = 'table' | 'partitioned table' | 'view' | 'materialized view' | 'sequence' | 'foreign table';

export interface RelationModel {
  schema: string;
  name: string;
  kind: RelationKind;
  columns: ColumnModel[];
  constraints: ConstraintModel[];
  /** Names (keys) of the indexes on this relation, in creation order. */
  indexes: string[];
  /** True when the columns could not be known statically (CREATE TABLE AS, a view's query). */
  columnsUnknown?: boolean;
  /** For a partition: the key of its partitioned parent. */
  partitionOf?: string;
  /** For a partitioned table: the columns its partition key reads. */
  partitionKey?: string[];
  /** Tables it inherits from (INHERITS), by key. */
  inherits?: string[];
  unlogged?: boolean;
  temporary?: boolean;
  /** For a sequence: the column that owns it (`table.column` key), as serial and OWNED BY set it. */
  ownedBy?: { table: string; column: string };
  /** For a view or materialized view: the relations its query reads, by key. */
  dependsOn?: string[];
  comment?: string;
  origin: SourceRef;
  changed: SourceRef;
}

export interface EnumModel {
  kind: 'enum';
  schema: string;
  name: string;
  labels: string[];
  origin: SourceRef;
  changed: SourceRef;
}

export interface DomainModel {
  kind: 'domain';
  schema: string;
  name: string;
  baseType: TypeRef;
  notNull: boolean;
  origin: SourceRef;
  changed: SourceRef;
}

export interface OtherTypeModel {
  kind: 'composite' | 'range' | 'other';
  schema: string;
  name: string;
  origin: SourceRef;
  changed: SourceRef;
}

export type TypeModel = EnumModel | DomainModel | OtherTypeModel;

export interface ExtensionModel {
  name: string;
  schema?: string;
  origin: SourceRef;
}

/** A view, materialized view, function or index whose query (or expression) the model keeps facts about. */
export interface QueryOwner {
  kind: 'view' | 'materialized view' | 'function' | 'index';
  /** `schema.name` of the view, function or index. */
  name: string;
}

/** A pattern match or distance operator a query applies to a table's column (see replay-queries.ts). */
export interface OperatorUse {
  /** The operator as the parser names it: '~~' (LIKE), '~~*' (ILIKE), '<->', '<=>', '<#>', '<+>'. */
  operator: string;
  /** Key of the relation whose column the operator reads. */
  table: string;
  column: string;
  /** The other operand when it is a string constant (a LIKE pattern). */
  constant?: string;
  owner: QueryOwner;
  /** The statement that created the owner. */
  at: SourceRef;
}

/** A statement the replay could not follow (it names something the history never created, say). */
export interface ReplayProblem {
  at: SourceRef;
  message: string;
}
