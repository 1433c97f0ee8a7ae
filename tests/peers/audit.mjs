// graphql-http's GraphQL-over-HTTP conformance audit of a server, with an
// Authorization header on every request (our API answers nothing anonymously).
//
//   node audit.mjs <url> <authorization>
//
// Prints one JSON object: {counts: {ok, notice, warn, error}, failures: [{id, status, name, reason}]}.
import { auditServer } from "graphql-http";

const [url, authorization] = process.argv.slice(2);
const fetchFn = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set("authorization", authorization);
  return fetch(input, { ...init, headers });
};

const results = await auditServer({ url, fetchFn });
const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
const failures = [];
for (const result of results) {
  counts[result.status] += 1;
  if (result.status !== "ok") {
    failures.push({ id: result.id, status: result.status, name: result.name, reason: result.reason });
  }
}
process.stdout.write(`${JSON.stringify({ counts, failures })}\n`);
