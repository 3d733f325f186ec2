/**
 * Types for the parts of VS Code's snippet engine that the tests use. monaco-editor ships the
 * engine (the same code VS Code runs) without declarations for these modules.
 */
declare module 'monaco-editor/editor/contrib/snippet/browser/snippetParser.js' {
  export class Marker {
    parent: Marker | undefined;
    readonly children: Marker[];
    replace(child: Marker, others: Marker[]): void;
    toString(): string;
  }
  export class Text extends Marker {
    constructor(value: string);
    value: string;
  }
  export class Choice extends Marker {
    options: Text[];
  }
  export class Placeholder extends Marker {
    index: number;
    readonly isFinalTabstop: boolean;
    readonly choice: Choice | undefined;
  }
  export class Variable extends Marker {
    name: string;
  }
  export interface VariableResolver {
    resolve(variable: Variable): string | undefined;
  }
  export class TextmateSnippet extends Marker {
    readonly placeholders: Placeholder[];
    resolveVariables(resolver: VariableResolver): this;
    walk(visitor: (marker: Marker) => boolean): void;
  }
  export class SnippetParser {
    static escape(value: string): string;
    parse(value: string, insertFinalTabstop?: boolean, enforceFinalTabstop?: boolean): TextmateSnippet;
  }
}

declare module 'monaco-editor/editor/contrib/snippet/browser/snippetVariables.js' {
  import type { Variable, VariableResolver } from 'monaco-editor/editor/contrib/snippet/browser/snippetParser.js';
  export class CompositeSnippetVariableResolver implements VariableResolver {
    constructor(delegates: VariableResolver[]);
    resolve(variable: Variable): string | undefined;
  }
  export class TimeBasedVariableResolver implements VariableResolver {
    resolve(variable: Variable): string | undefined;
  }
  export class RandomBasedVariableResolver implements VariableResolver {
    resolve(variable: Variable): string | undefined;
  }
}
