/**
 * Tables that migration tools and frameworks create for their own bookkeeping (which migrations
 * ran, environment metadata). They appear in schema dumps and in `alembic upgrade --sql` output,
 * but nobody designs them: design rules leave them alone.
 */
const TOOL_TABLES: ReadonlySet<string> = new Set([
  'alembic_version', // Alembic
  'schema_migrations', // Rails, golang-migrate, dbmate
  'ar_internal_metadata', // Rails
  'flyway_schema_history', // Flyway
  '_prisma_migrations', // Prisma
  '__diesel_schema_migrations', // diesel
  'goose_db_version', // goose
  'django_migrations', // Django
  'knex_migrations', // knex
  'knex_migrations_lock',
  'pgmigrations', // node-pg-migrate
  'schema_version', // Flyway before 5, Liquibase-style tools
  'databasechangelog', // Liquibase
  'databasechangeloglock',
]);

export function isToolTable(name: string): boolean {
  return TOOL_TABLES.has(name);
}
