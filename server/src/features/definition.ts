/** textDocument/definition (the statement that created the object) and textDocument/references (its mentions across the history). */
import type { Location } from 'vscode-languageserver/node';
import type { Location as CoreLocation, Navigator } from '../core/navigation/navigator';
import type { NavigationConnection, NavigationHost } from './host';

function toLocations(host: NavigationHost, navigator: Navigator, locations: CoreLocation[]): Location[] {
  return locations.map((location) => host.location(navigator, location)).filter((location): location is Location => location !== undefined);
}

export function registerDefinition(connection: NavigationConnection, host: NavigationHost): void {
  connection.onDefinition((params) =>
    host.guard<Location[]>('definition', [], () => {
      const at = host.at(params.textDocument.uri);
      return at ? toLocations(host, at.navigator, at.navigator.definition(at.file, at.document.offsetAt(params.position))) : [];
    }),
  );
  connection.onReferences((params) =>
    host.guard<Location[]>('references', [], () => {
      const at = host.at(params.textDocument.uri);
      return at ? toLocations(host, at.navigator, at.navigator.references(at.file, at.document.offsetAt(params.position), params.context.includeDeclaration)) : [];
    }),
  );
}
