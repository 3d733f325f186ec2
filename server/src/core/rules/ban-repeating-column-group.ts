import pluralize from 'pluralize';
import { designTables, isHistoryTable, nameWords, ownColumns, remembered, reportedHere, singular, statementOf, touchedRelations } from '../model/design';
import type { ColumnModel, ConstraintModel, RelationModel } from '../model/schema/types';
import type { RuleContext } from './types';
import { defineRule } from './types';

/**
 * Stems whose numbered or lettered columns are one fixed structure, not a list: coordinates and
 * corners, versions, levels of a fixed hierarchy, algorithm and protocol names with a number
 * (sha1, ipv4, oauth2). Address lines are left out by ADDRESS_WORDS; one-letter stems (x1, p95, v2) always.
 */
const FIXED_STEMS = new Set(['lat', 'lng', 'lon', 'latitude', 'longitude', 'point', 'corner', 'version', 'level', 'sha', 'md', 'ipv', 'oauth', 'utf', 'base', 'int', 'float', 'http', 'tls', 'ssl']);

interface Member {
  column: ColumnModel;
  /** 1 for phone1 / phone_1 / tag_a, 2 for phone2 / tag_b; the bare stem (phone beside phone2) counts as 1. */
  position: number;
}

interface Group {
  stem: string;
  members: Member[];
}

export default defineRule({
  id: 'ban-repeating-column-group',
  category: 'schema-design',
  severity: 'info',
  fixable: false,
  summary: 'Store a repeating group of columns (phone1, phone2, phone3) as rows of a child table.',
  description:
    'Numbered or lettered copies of one attribute (`phone1, phone2, phone3`, `tag_a, tag_b`, `tier_1 … tier_4`) are a repeating group, what first normal form rules out: a fourth value needs a migration, every query must test each column (`phone1 = $1 OR phone2 = $1 OR …`), a unique or foreign key cannot cover them as one, and most rows leave most of them NULL. A child table with one row per value (`user_phones (user_id, position, phone)`) holds any number, indexes and constrains them once, and is joined or aggregated when the parent is read. The rule looks for two or more columns of one table, of one type, whose names differ only by a number counted from 0 or 1 (a bare `phone` beside `phone2` counts as the first) or by a letter counted from a, in the schema after the whole history, and reports the group once, where its last column came in. It does not report fixed structures that happen to be numbered: postal address lines (`address_line1`, `address2`, `street_2`), coordinates (`x1, y1, x2, y2`), versions (`key_v1`), algorithm names (`sha1`, `sha256`), or a pair of foreign keys (`user1_id, user2_id` of a friendship: two roles of one relationship); nor history tables (`*_versions`), which repeat the columns of their row as they were. No quick fix: moving data to a child table is a migration of its own. A small fixed set of distinct roles, or a wide reporting table that is never updated, is a fair choice: say so with `-- schemaguard-ignore ban-repeating-column-group -- reason`.',
  messages: {
    group:
      'Columns {{columns}} of "{{table}}" are {{count}} numbered copies of one attribute (a repeating group): another value needs a migration, every query must test each column, and no index, unique or foreign key covers them as one; move them to a child table ({{child}}: {{parent}}_id, position, value). A small fixed set of distinct roles is a fair exception: ignore it with a reason (-- schemaguard-ignore ban-repeating-column-group -- reason).',
  },
  examples: {
    valid: [
      { sql: 'CREATE TABLE addresses (id bigint PRIMARY KEY, address_line1 text, address_line2 text, city text);', description: 'Address lines are one fixed postal structure, not a list.' },
      { sql: 'CREATE TABLE friendships (user1_id bigint REFERENCES users, user2_id bigint REFERENCES users, PRIMARY KEY (user1_id, user2_id));', description: 'Two roles of one relationship.' },
    ],
    invalid: [
      { sql: 'CREATE TABLE contacts (id bigint PRIMARY KEY, name text, phone1 text, phone2 text, phone3 text);', description: 'A fourth phone needs a migration; finding a contact by phone tests three columns.' },
      { sql: 'CREATE TABLE articles (id bigint PRIMARY KEY, title text, tag_a text, tag_b text);', description: 'Lettered copies of one attribute.' },
    ],
  },
  check(context: RuleContext) {
    const touched = touchedRelations(context.schema);
    for (const { key, table } of designTables(context.schema.final)) {
      if (!touched.has(key) || table.partitionOf || isHistoryTable(table)) continue;
      for (const group of repeatingGroups(table)) {
        const ref = reportedHere(context.schema, group.members.map((member) => member.column.origin));
        const statement = ref && statementOf(context, ref);
        if (!ref || !statement) continue;
        const parent = singular(table.name);
        context.report({
          statement,
          start: ref.start,
          end: ref.end,
          messageId: 'group',
          data: {
            columns: group.members.map((member) => member.column.name).join(', '),
            table: table.name,
            count: new Set(group.members.map((member) => member.position)).size,
            child: `${parent}_${pluralize.plural(group.stem)}`,
            parent,
          },
        });
      }
    }
  },
});

/** The repeating groups of a table's own columns, in column order: members of one template (phone#, phone#_type) counted from the start, merged by stem. */
function repeatingGroups(table: RelationModel): Group[] {
  const columns = ownColumns(table);
  const byTemplate = new Map<string, { stem: string; bare?: string; members: Member[] }>();
  for (const column of columns) {
    const member = enumerated(column.name);
    if (!member) continue;
    const entry = byTemplate.get(member.template) ?? { stem: member.stem, bare: member.bare, members: [] };
    entry.members.push({ column, position: member.position });
    byTemplate.set(member.template, entry);
  }
  const byStem = new Map<string, Member[]>();
  for (const { stem, bare, members } of byTemplate.values()) {
    const bareColumn = bare !== undefined && !members.some((member) => member.position === 1) ? columns.find((column) => nameWords(column.name).join('_') === bare) : undefined;
    const all = bareColumn ? [{ column: bareColumn, position: 1 }, ...members] : members;
    if (!countsFromStart(all) || !oneType(all)) continue;
    if (all.length === 2 && all.every((member) => isReference(member.column, table.constraints))) continue;
    byStem.set(stem, [...(byStem.get(stem) ?? []), ...all]);
  }
  return [...byStem].map(([stem, members]) => ({ stem, members: members.sort((a, b) => columns.indexOf(a.column) - columns.indexOf(b.column)) }));
}

const ADDRESS_WORDS = new Set(['address', 'addr', 'line', 'street']);

/**
 * A column name as a possible member of a group: a number that ends a word (phone1, tier_1,
 * phone1_type) or a letter that ends the name (tag_a). Its template is the name with the number
 * or letter taken out; its stem the words before it; `bare` the name a first member may have
 * without a number (phone beside phone2). Undefined for names that enumerate nothing.
 */
const enumerated: (name: string) => Enumerated | undefined = remembered(enumeratedName, 50_000);

interface Enumerated {
  readonly template: string;
  readonly stem: string;
  readonly bare?: string;
  readonly position: number;
}

function enumeratedName(name: string): Enumerated | undefined {
  const words = nameWords(name);
  if (words.some((word) => ADDRESS_WORDS.has(word.replace(/\d+$/, '')))) return undefined;
  for (let index = words.length - 1; index >= 0; index--) {
    const match = /^([a-z]*)(\d+)$/.exec(words[index]);
    if (!match) continue;
    const stemWords = [...words.slice(0, index), ...(match[1] ? [match[1]] : [])];
    const last = stemWords[stemWords.length - 1];
    if (!last || last.length < 2 || FIXED_STEMS.has(last)) return undefined;
    const rest = words.slice(index + 1);
    const stem = stemWords.join('_');
    return { template: [...stemWords, '#', ...rest].join('_'), stem, bare: rest.length === 0 ? stem : undefined, position: Number(match[2]) };
  }
  const letter = words[words.length - 1];
  if (words.length < 2 || !/^[a-h]$/.test(letter) || FIXED_STEMS.has(words[words.length - 2])) return undefined;
  const stem = words.slice(0, -1).join('_');
  return { template: `${stem}_@`, stem, position: letter.charCodeAt(0) - 'a'.charCodeAt(0) + 1 };
}

/** Positions 1, 2, … (or 0, 1, …) without gaps or repeats: a count, not names that merely end in numbers (sha1, sha256). */
function countsFromStart(members: readonly Member[]): boolean {
  if (members.length < 2) return false;
  const positions = members.map((member) => member.position).sort((a, b) => a - b);
  const first = positions[0];
  return (first === 0 || first === 1) && positions.every((position, index) => position === first + index);
}

/** Copies of one attribute have one type (col1 varchar beside col2 boolean are two attributes with generic names). */
function oneType(members: readonly Member[]): boolean {
  const type = (member: Member): string => `${member.column.type.schema ?? ''}.${member.column.type.name}${member.column.type.array ? '[]' : ''}`;
  return members.every((member) => type(member) === type(members[0]));
}

/** A foreign-key column, or one named like one (`*_id`). */
function isReference(column: ColumnModel, constraints: readonly ConstraintModel[]): boolean {
  return /_id$/.test(column.name) || constraints.some((constraint) => constraint.type === 'foreign' && constraint.columns.includes(column.name));
}
