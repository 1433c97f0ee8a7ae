// Apollo Client 4 in Node, as a frontend sends persisted queries.
//
//   node apollo.mjs '{"url": "http://…/graphql", "mode": "apq" | "manifest",
//                     "manifest": "path/to/manifest.json",
//                     "steps": [{"operation": "Login", "variables": {…}, "as": "token" | null}, …]}'
//
// mode "apq": the persisted-queries link with `crypto-hash`'s sha256 (automatic
// persisted queries: the hash first, the text only when the server misses it);
// "apq-get": the same with `useGETForHashedQueries` (queries by hash over GET,
// cacheable by a CDN).
// mode "manifest": the same link with @apollo/persisted-query-lists, sending the
// manifest's ids only (trusted documents); the documents come from the manifest.
// Each step runs the manifest's operation of that name; a step with `"as":
// "token"` keeps `login.accessToken` of its answer for the next steps
// (`"token"` in the input: the one to start with).
// Prints one JSON line: {results: [{operation, data, error}], requests: [{method, body, status, plan}]}
// (plan: the response's Server-Timing, which names the path that answered).
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { SetContextLink } from "@apollo/client/link/context";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { generatePersistedQueryIdsFromManifest } from "@apollo/persisted-query-lists";
import { sha256 } from "crypto-hash";
import { readFileSync } from "node:fs";

const { url, mode, manifest: manifestPath, steps, token: given = null } = JSON.parse(process.argv[2]);
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
const bodies = Object.fromEntries(manifest.operations.map((o) => [o.name, o.body]));
const requests = [];
let token = given;

// Every request and its status, as they went over the wire (a GET's
// parameters read back into the body a POST would carry).
const recordingFetch = async (input, init) => {
  const response = await fetch(input, init);
  let body;
  if (init.method === "GET") {
    const params = new URL(String(input)).searchParams;
    body = Object.fromEntries(
      [...params].map(([k, v]) => [k, k === "extensions" || k === "variables" ? JSON.parse(v) : v]),
    );
  } else {
    body = JSON.parse(init.body);
  }
  const plan = response.headers.get("server-timing");
  requests.push({ method: init.method, body, status: response.status, plan });
  return response;
};

const persisted =
  mode === "manifest"
    ? new PersistedQueryLink(
        generatePersistedQueryIdsFromManifest({ loadManifest: () => Promise.resolve(manifest) }),
      )
    : new PersistedQueryLink({ sha256, useGETForHashedQueries: mode === "apq-get" });
const auth = new SetContextLink((prev) => ({
  headers: { ...prev.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
}));
const client = new ApolloClient({
  link: ApolloLink.from([auth, persisted, new HttpLink({ uri: url, fetch: recordingFetch })]),
  cache: new InMemoryCache(),
  defaultOptions: { query: { fetchPolicy: "no-cache", errorPolicy: "all" } },
});

const results = [];
for (const step of steps) {
  const document = gql(bodies[step.operation]);
  const isMutation = document.definitions.some((d) => d.operation === "mutation");
  let answer;
  try {
    answer = isMutation
      ? await client.mutate({ mutation: document, variables: step.variables, errorPolicy: "all" })
      : await client.query({ query: document, variables: step.variables });
  } catch (error) {
    answer = { data: null, error: String(error?.message ?? error) };
  }
  const { data = null, error = null } = answer;
  results.push({ operation: step.operation, data, error: error ? String(error.message ?? error) : null });
  if (step.as === "token") token = data?.login?.accessToken ?? null;
}
process.stdout.write(`${JSON.stringify({ results, requests })}\n`);
