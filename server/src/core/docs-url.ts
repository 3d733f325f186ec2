/** Where each rule's documentation page lives (Diagnostic.codeDescription.href, SARIF helpUri). */
export const REPOSITORY_URL = 'https://github.com/schemaguard/schemaguard';

export function docsUrl(id: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${id}.md`;
}
