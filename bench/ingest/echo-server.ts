// The baseline: a bare Fastify server that parses the same JSON body and answers 200. No auth, no store.
import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 5 * 1024 * 1024 });
app.post('/api/v1/events', async (req) => ({ accepted: (req.body as { events: unknown[] }).events.length }));
const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`listening on ${url}\n`);
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
