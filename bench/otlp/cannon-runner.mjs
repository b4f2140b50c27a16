// autocannon in its own process with a body read as bytes (the CLI's --input reads files as text, which breaks
// protobuf). Usage: node cannon-runner.mjs URL FILE CONTENT_TYPE CONNECTIONS SECONDS AUTHORIZATION; prints JSON.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [url, file, contentType, connections, seconds, authorization] = process.argv.slice(2);
const result = await autocannon({
  url,
  method: 'POST',
  connections: Number(connections),
  duration: Number(seconds),
  headers: { 'content-type': contentType, authorization },
  body: readFileSync(file),
});
process.stdout.write(`${JSON.stringify(result)}\n`);
