// npm run setup's last step: lint the bundled examples the way a user would, show the findings,
// and check the outcome: the unsafe examples must be reported (exit 1) and safe/ must be clean (exit 0).
import { spawnSync } from 'node:child_process';

function lint(args) {
  console.log(`\n$ npx schemaguard lint ${args.join(' ')}`);
  const result = spawnSync(process.execPath, ['dist/cli.js', 'lint', ...args], { stdio: 'inherit' });
  return result.status;
}

// each folder in the way its runner executes files (see examples/README.md)
const golangMigrate = lint(['examples/golang-migrate', '--transaction', 'single-command']);
const dbmate = lint(['examples/dbmate']);
const flyway = lint(['examples/flyway', '--transaction', 'per-file']);
const safe = lint(['examples/safe', '--transaction', 'single-command']);
const ok = golangMigrate === 1 && dbmate === 1 && flyway === 1 && safe === 0;
console.log(
  ok
    ? '\nAs expected: findings in the unsafe examples (exit 1), none in examples/safe (exit 0).'
    : `\nUnexpected exit codes: golang-migrate ${golangMigrate}, dbmate ${dbmate}, flyway ${flyway} (all should be 1), safe ${safe} (should be 0).`,
);
process.exitCode = ok ? 0 : 1;
