/**
 * Whether an expression calls a volatile function. PostgreSQL 11+ adds a column with a DEFAULT
 * without rewriting the table when the default is not volatile (it is evaluated once and stored in
 * the catalog); a volatile default (random(), clock_timestamp(), gen_random_uuid(), nextval(), ...)
 * must be computed for every existing row, so the table is rewritten.
 */
import type { CreateFunctionStmt, FuncCall, Node } from 'libpg-query';
import type { Statement } from '../source/document';
import { stringValueOf } from './names';
import { namesOf } from './named-objects';
import { forEachNode } from './parse-tree';

/**
 * Functions of pg_catalog whose every overload is volatile and returns a value a column could hold,
 * read from PostgreSQL 18 (test/model/volatility.test.ts re-runs this query and compares):
 *   SELECT proname FROM pg_proc WHERE pronamespace = 'pg_catalog'::regnamespace AND prokind = 'f'
 *     AND NOT proretset GROUP BY proname HAVING bool_and(provolatile = 'v' AND prorettype NOT IN
 *     ('internal', 'trigger', 'void', 'language_handler', 'index_am_handler', 'table_am_handler', 'event_trigger')::regtype[])
 */
export const VOLATILE_BUILTIN_FUNCTIONS: ReadonlySet<string> = new Set(
  `amvalidate array_sample array_shuffle bernoulli binary_upgrade_logical_slot_has_caught_up brin_summarize_new_values
  brin_summarize_range clock_timestamp current_query currtid2 currval cursor_to_xml cursor_to_xmlschema gen_random_uuid
  gin_clean_pending_list lastval lo_close lo_creat lo_create lo_export lo_from_bytea lo_get lo_import lo_lseek lo_lseek64
  lo_open lo_tell lo_tell64 lo_truncate lo_truncate64 lo_unlink loread lowrite nextval pg_advisory_unlock
  pg_advisory_unlock_shared pg_backup_start pg_backup_stop pg_blocking_pids pg_cancel_backend pg_collation_actual_version
  pg_control_checkpoint pg_control_init pg_control_recovery pg_control_system pg_copy_logical_replication_slot
  pg_copy_physical_replication_slot pg_create_logical_replication_slot pg_create_physical_replication_slot
  pg_create_restore_point pg_current_logfile pg_current_wal_flush_lsn pg_current_wal_insert_lsn pg_current_wal_lsn
  pg_database_collation_actual_version pg_database_size pg_export_snapshot pg_get_sequence_data
  pg_get_wal_replay_pause_state pg_get_wal_summarizer_state pg_import_system_collations pg_indexes_size pg_is_in_recovery
  pg_is_wal_replay_paused pg_isolation_test_session_is_blocked pg_jit_available pg_last_committed_xact
  pg_last_wal_receive_lsn pg_last_wal_replay_lsn pg_last_xact_replay_timestamp pg_log_backend_memory_contexts
  pg_log_standby_snapshot pg_logical_emit_message pg_nextoid pg_notification_queue_usage pg_promote pg_read_binary_file
  pg_read_file pg_relation_size pg_reload_conf pg_replication_origin_create pg_replication_origin_progress
  pg_replication_origin_session_is_setup pg_replication_origin_session_progress pg_replication_slot_advance
  pg_restore_attribute_stats pg_restore_relation_stats pg_rotate_logfile pg_safe_snapshot_blocking_pids
  pg_sequence_last_value pg_stat_file pg_stat_get_backend_wal pg_stat_get_xact_blocks_fetched pg_stat_get_xact_blocks_hit
  pg_stat_get_xact_function_calls pg_stat_get_xact_function_self_time pg_stat_get_xact_function_total_time
  pg_stat_get_xact_numscans pg_stat_get_xact_tuples_deleted pg_stat_get_xact_tuples_fetched
  pg_stat_get_xact_tuples_hot_updated pg_stat_get_xact_tuples_inserted pg_stat_get_xact_tuples_newpage_updated
  pg_stat_get_xact_tuples_returned pg_stat_get_xact_tuples_updated pg_stat_have_stats pg_switch_wal pg_table_size
  pg_tablespace_size pg_terminate_backend pg_total_relation_size pg_try_advisory_lock pg_try_advisory_lock_shared
  pg_try_advisory_xact_lock pg_try_advisory_xact_lock_shared pg_xact_commit_timestamp pg_xact_commit_timestamp_origin
  pg_xact_status query_to_xml query_to_xml_and_xmlschema query_to_xmlschema random random_normal set_config setval system
  timeofday txid_status uuidv4 uuidv7`.split(/\s+/),
);

/** Volatile functions of common extensions (uuid-ossp, pgcrypto, pg_uuidv7), found in any schema. */
export const VOLATILE_EXTENSION_FUNCTIONS: ReadonlySet<string> = new Set([
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'uuid_generate_v7',
  'gen_random_bytes',
  'gen_salt',
]);

/**
 * The volatility of each function created (or replaced) by the statements before `before`, by
 * unqualified name: CREATE FUNCTION defaults to VOLATILE.
 */
export function functionVolatilityBefore(statements: readonly Statement[], before: Statement): Map<string, 'volatile' | 'stable' | 'immutable'> {
  const result = new Map<string, 'volatile' | 'stable' | 'immutable'>();
  for (const statement of functionDefinitions(statements)) {
    if (statement.index >= before.index) break;
    const node: CreateFunctionStmt = statement.node;
    const name = namesOf(node.funcname).pop();
    if (!name) continue;
    let volatility: 'volatile' | 'stable' | 'immutable' = 'volatile';
    for (const option of node.options ?? []) {
      const element = (option as { DefElem?: { defname?: string; arg?: Node } }).DefElem;
      if (element?.defname !== 'volatility') continue;
      const value = stringValueOf(element.arg).toLowerCase();
      if (value === 'stable' || value === 'immutable') volatility = value;
    }
    result.set(name, volatility);
  }
  return result;
}

const definitions = new WeakMap<readonly Statement[], Array<Statement<'CreateFunctionStmt'>>>();

/** The CREATE FUNCTION statements of a file, found once per parsed file. */
function functionDefinitions(statements: readonly Statement[]): Array<Statement<'CreateFunctionStmt'>> {
  let found = definitions.get(statements);
  if (!found) {
    found = statements.filter((statement): statement is Statement<'CreateFunctionStmt'> => statement.is('CreateFunctionStmt'));
    definitions.set(statements, found);
  }
  return found;
}

/**
 * The name of the first volatile function `expression` calls, or undefined when it calls none that is
 * known to be volatile (functions this file did not create and PostgreSQL does not ship count as unknown).
 */
export function volatileFunctionIn(
  expression: Node | undefined,
  createdInFile: ReadonlyMap<string, 'volatile' | 'stable' | 'immutable'> = new Map(),
): string | undefined {
  let found: string | undefined;
  forEachNode(expression, (kind, payload) => {
    if (found || kind !== 'FuncCall') return;
    const names = namesOf((payload as FuncCall).funcname);
    const name = names[names.length - 1]?.toLowerCase();
    if (!name) return;
    const schema = names.length > 1 ? names[names.length - 2].toLowerCase() : undefined;
    const fromFile = createdInFile.get(name);
    if (fromFile !== undefined) {
      if (fromFile === 'volatile') found = name;
      return;
    }
    if (VOLATILE_EXTENSION_FUNCTIONS.has(name)) found = name;
    else if ((schema === undefined || schema === 'pg_catalog') && VOLATILE_BUILTIN_FUNCTIONS.has(name)) found = name;
  });
  return found;
}
