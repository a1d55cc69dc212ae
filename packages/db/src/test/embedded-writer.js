// Child process for embedded.test.ts: starts the embedded database on the data folder given as argv[2], commits one
// row through pg, prints "committed" and then waits to be killed with SIGKILL. Uses the built package (dist/).
const { Client } = require('pg');
const { startEmbeddedPostgres } = require('../../dist/index.js');

async function main() {
  const server = await startEmbeddedPostgres({ dataDir: process.argv[2] });
  const client = new Client({ connectionString: server.url });
  await client.connect();
  await client.query('CREATE TABLE IF NOT EXISTS crash_test (id int PRIMARY KEY, note text NOT NULL)');
  await client.query("INSERT INTO crash_test VALUES (1, 'survives kill -9')");
  process.stdout.write('committed\n');
  setInterval(() => undefined, 1000);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
