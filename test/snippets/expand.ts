/**
 * Expands the contributed snippets the way VS Code inserts them, with VS Code's own snippet parser
 * and variable resolvers (shipped in monaco-editor): placeholders take their defaults, mirrors copy
 * them, a choice takes its first option, $CURRENT_* and $RANDOM_HEX resolve, escapes unescape.
 */
import { readFileSync } from 'node:fs';
import { parse as parseJsonc } from 'jsonc-parser';
import type { Marker, TextmateSnippet } from 'monaco-editor/editor/contrib/snippet/browser/snippetParser.js';
import { Placeholder, SnippetParser, Text, Variable } from 'monaco-editor/editor/contrib/snippet/browser/snippetParser.js';
import {
  CompositeSnippetVariableResolver,
  RandomBasedVariableResolver,
  TimeBasedVariableResolver,
} from 'monaco-editor/editor/contrib/snippet/browser/snippetVariables.js';

export interface SnippetDefinition {
  /** The key in the snippets file: the name the editor lists. */
  name: string;
  prefix: string;
  description: string;
  /** The body lines joined with \n, as VS Code joins them. */
  body: string;
}

export interface ExpandOptions {
  /** Text for a tab stop (every occurrence of it) instead of its default. */
  values?: Record<number, string>;
  /** Which option a choice tab stop takes (0, the first, is what the editor inserts). */
  choices?: Record<number, number>;
}

export interface Expansion {
  text: string;
  /** Variables that no resolver knows (the editor would insert their names as placeholders). */
  unknownVariables: string[];
}

export function readSnippets(path: string): SnippetDefinition[] {
  const file = parseJsonc(readFileSync(path, 'utf8')) as Record<string, { prefix: string | string[]; description?: string; body: string | string[] }>;
  return Object.entries(file).map(([name, entry]) => ({
    name,
    prefix: Array.isArray(entry.prefix) ? entry.prefix[0] : entry.prefix,
    description: entry.description ?? '',
    body: Array.isArray(entry.body) ? entry.body.join('\n') : entry.body,
  }));
}

export function parseSnippet(body: string): TextmateSnippet {
  return new SnippetParser().parse(body, true, true);
}

function markersOf(snippet: TextmateSnippet): Marker[] {
  const markers: Marker[] = [];
  snippet.walk((marker) => {
    markers.push(marker);
    return true;
  });
  return markers;
}

export function expandSnippet(body: string, options: ExpandOptions = {}): Expansion {
  const snippet = parseSnippet(body);
  for (const marker of markersOf(snippet)) {
    if (!(marker instanceof Placeholder) || !marker.parent) continue;
    const value = options.values?.[marker.index];
    const choice = marker.choice;
    if (value !== undefined) marker.parent.replace(marker, [new Text(value)]);
    else if (choice && options.choices?.[marker.index] !== undefined) {
      const option = choice.options[options.choices[marker.index]];
      if (!option) throw new Error(`tab stop ${marker.index} has no option ${options.choices[marker.index]}`);
      marker.parent.replace(marker, [new Text(option.value)]);
    }
  }
  const known = new CompositeSnippetVariableResolver([new TimeBasedVariableResolver(), new RandomBasedVariableResolver()]);
  const unknownVariables: string[] = [];
  snippet.resolveVariables({
    resolve(variable) {
      const value = known.resolve(variable);
      if (value === undefined && variable.children.length === 0) unknownVariables.push(variable.name);
      return value;
    },
  });
  return { text: snippet.toString(), unknownVariables };
}

/** The choice tab stops of a snippet and their options, in tab-stop order. */
export function choicesOf(body: string): Array<{ index: number; options: string[] }> {
  const seen = new Map<number, string[]>();
  for (const placeholder of parseSnippet(body).placeholders) {
    if (placeholder.choice && !seen.has(placeholder.index)) seen.set(placeholder.index, placeholder.choice.options.map((option) => option.value));
  }
  return [...seen].map(([index, options]) => ({ index, options })).sort((a, b) => a.index - b.index);
}

/** The default expansion plus one expansion per other option of each choice. */
export function expansionVariants(body: string): Array<{ label: string; expansion: Expansion }> {
  const variants = [{ label: 'defaults', expansion: expandSnippet(body) }];
  for (const { index, options } of choicesOf(body)) {
    for (let option = 1; option < options.length; option++) {
      variants.push({ label: `$${index} = ${options[option]}`, expansion: expandSnippet(body, { choices: { [index]: option } }) });
    }
  }
  return variants;
}

/**
 * Tab stops whose default holds a random variable ($RANDOM, $RANDOM_HEX, $UUID) and that occur more
 * than once: the editor resolves each copy separately, so the copies would differ.
 */
export function mirroredRandomTabStops(body: string): number[] {
  const snippet = parseSnippet(body);
  const count = new Map<number, number>();
  for (const placeholder of snippet.placeholders) count.set(placeholder.index, (count.get(placeholder.index) ?? 0) + 1);
  const random = new Set<number>();
  snippet.walk((marker) => {
    if (marker instanceof Variable && /^(RANDOM|RANDOM_HEX|UUID)$/.test(marker.name)) {
      for (let parent = marker.parent; parent; parent = parent.parent) {
        if (parent instanceof Placeholder) random.add(parent.index);
      }
    }
    return true;
  });
  return [...random].filter((index) => (count.get(index) ?? 0) > 1);
}
