// The stock graphql-ws client (with `ws` as its WebSocket) subscribing, one
// connection per subscription, as a Node frontend or BFF would.
//
//   node live.mjs '{"url": "ws://…/graphql", "subscriptions": [{"name", "authorization", "query", "variables"}]}'
//
// Prints one JSON line per happening: {name, ready} once the subscription has
// been sent over an acknowledged connection, {name, next}, {name, error},
// {name, complete}, {name, closed: {code, reason}}. Ends when stdin closes.
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const { url, subscriptions } = JSON.parse(process.argv[2]);
const print = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);
const clients = [];

for (const { name, authorization, query, variables } of subscriptions) {
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: { authorization },
    on: {
      // The server registers the subscription right after reading it; give it a moment.
      connected: () => setTimeout(() => print({ name, ready: true }), 300),
      closed: (event) => print({ name, closed: { code: event.code, reason: String(event.reason) } }),
      error: (error) => print({ name, error: String(error?.message ?? error) }),
    },
  });
  clients.push(client);
  client.subscribe(
    { query, variables },
    {
      next: (value) => print({ name, next: value }),
      error: (error) =>
        print({ name, error: Array.isArray(error) ? error : String(error?.message ?? error) }),
      complete: () => print({ name, complete: true }),
    },
  );
}

process.stdin.on("data", () => {});
process.stdin.on("end", async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  process.exit(0);
});
