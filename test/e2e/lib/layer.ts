/** How long a layer waits for the editor or the server before it fails; generous because the machine is shared. */
export function waitMs(): number {
  return Number(process.env.SCHEMAGUARD_E2E_WAIT_MS) || 20_000;
}

/** What each end-to-end layer (code-server suite, UI smoke test, Neovim) takes and returns. */
export interface LayerOptions {
  /** Drop every publishDiagnostics of the server under test (the check that the layer can fail). */
  muteDiagnostics?: boolean;
  /** Keep the scratch folder (logs, workspace, screenshots) when the layer fails; the default. */
  keepOnFailure?: boolean;
  /** UI layer: copy the screenshots of a passing run to docs/images/. */
  updateScreenshots?: boolean;
}

export interface LayerResult {
  passed: boolean;
  /** The first failure, one line: which wait timed out or which check did not hold. */
  failure: string;
}

/** Runs `layer` when its file is the script node was started with: `npx tsx <file> [--mute-diagnostics] [--update-screenshots]`. */
export function runIfMain(module: NodeModule, layer: (options: LayerOptions) => Promise<LayerResult>): void {
  if (require.main !== module) return;
  const options = { muteDiagnostics: process.argv.includes('--mute-diagnostics'), updateScreenshots: process.argv.includes('--update-screenshots') };
  layer(options).then(
    ({ passed }) => process.exit(passed ? 0 : 1),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
