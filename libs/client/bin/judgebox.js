#!/usr/bin/env node
// `npx judgebox`: the CLI of @judgebox/client (libs/client/src/cli). Runs the compiled CLI from
// dist/ (npm run build); without a build, the sources through ts-node (a dev dependency).
const { existsSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..', '..');
const built = path.join(root, 'dist', 'libs', 'client', 'src', 'cli', 'main.js');
let cli;
if (existsSync(built) && !process.env.JUDGEBOX_CLI_FROM_SOURCE) {
  require(path.join(root, 'scripts', 'register-paths.js'));
  cli = require(built);
} else {
  require('ts-node').register({ transpileOnly: true, project: path.join(root, 'tsconfig.json') });
  const { compilerOptions } = require(path.join(root, 'tsconfig.json'));
  require('tsconfig-paths').register({ baseUrl: root, paths: compilerOptions.paths });
  cli = require(path.join(root, 'libs', 'client', 'src', 'cli', 'main.ts'));
}
cli.main(process.argv.slice(2), process.env).then(
  /** @param {number} code */
  (code) => (process.exitCode = code),
  /** @param {Error | undefined} err whatever the CLI rejected with */
  (err) => {
    process.stderr.write(`judgebox: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 3;
  },
);
