/** Readers for the objects a statement names: the object list of a DROP, the tables of a TRUNCATE. */
import type { Node, RangeVar } from 'libpg-query';
import { stringValueOf } from './names';

/** The String parts of a name list (schema first), e.g. a qualified type or function name. */
export function namesOf(nodes: readonly Node[] | undefined): string[] {
  return (nodes ?? []).map(stringValueOf);
}

/** The last (unqualified) part of a name list. */
export function lastNameOf(nodes: readonly Node[] | undefined): string | undefined {
  const names = namesOf(nodes);
  return names[names.length - 1];
}

/** The names (String parts, schema first) of the objects of a DROP statement, one list per object. */
export function droppedObjectNames(objects: readonly Node[] | undefined): string[][] {
  return (objects ?? []).map((object) => {
    const record = object as Record<string, unknown>;
    if ('String' in record) return [stringValueOf(object)];
    if ('List' in record) return namesOf((record.List as { items?: Node[] }).items);
    if ('TypeName' in record) return namesOf((record.TypeName as { names?: Node[] }).names);
    if ('ObjectWithArgs' in record) return namesOf((record.ObjectWithArgs as { objname?: Node[] }).objname);
    return [];
  });
}

/** The RangeVars of a node list such as TRUNCATE's relations. */
export function rangeVarsOf(nodes: readonly Node[] | undefined): RangeVar[] {
  return (nodes ?? []).flatMap((node) => {
    const relation = (node as { RangeVar?: RangeVar }).RangeVar;
    return relation ? [relation] : [];
  });
}
