// The development GraphiQL page of this API (see README.md beside this file).
// Queries and mutations go over HTTP with GraphiQL's own fetcher; subscriptions
// use graphql-transport-ws over the same host's WebSocket. Browsers cannot set
// headers on a WebSocket, so the Authorization header typed in GraphiQL's
// headers pane goes in connection_init's payload, as the server expects it.
(function () {
  "use strict";
  const httpUrl = new URL("/graphql", window.location.href).href;
  const wsUrl = httpUrl.replace(/^http/, "ws");
  const byAuthorization = new Map();

  function authorizationOf(headers) {
    for (const [name, value] of Object.entries(headers || {})) {
      if (name.toLowerCase() === "authorization") return String(value);
    }
    return "";
  }

  // One WebSocket client per Authorization value: the server authenticates a
  // connection once, when it opens.
  function fetcherFor(authorization) {
    let fetcher = byAuthorization.get(authorization);
    if (!fetcher) {
      const wsClient = window.graphqlWs.createClient({
        url: wsUrl,
        lazy: true,
        retryAttempts: 0,
        connectionParams: authorization ? { authorization } : {},
      });
      fetcher = window.GraphiQL.createFetcher({ url: httpUrl, subscriptionUrl: wsUrl, wsClient });
      byAuthorization.set(authorization, fetcher);
    }
    return fetcher;
  }

  const SIGN_IN_FIRST =
    'Subscriptions need you signed in: put {"Authorization": "Bearer <accessToken>"} ' +
    "in the Headers pane (the WebSocket is authenticated when it opens).";

  function isSubscription(params, options) {
    const document = options && options.documentAST;
    const operation =
      document && window.GraphiQL.GraphQL.getOperationAST(document, params.operationName || null);
    return Boolean(operation && operation.operation === "subscription");
  }

  function fetcher(params, options) {
    const authorization = authorizationOf(options && options.headers);
    if (!authorization && isSubscription(params, options)) {
      return Promise.resolve({ errors: [{ message: SIGN_IN_FIRST }] });
    }
    return fetcherFor(authorization)(params, options);
  }

  const defaultQuery = [
    "# Sign in, then put the access token in the Headers pane below:",
    '#   {"Authorization": "Bearer <accessToken>"}',
    "# (`make run` prints the demo logins.)",
    "#",
    "# mutation {",
    '#   login(input: {email: "…", password: "…"}) {',
    "#     ... on Session { accessToken }",
    "#   }",
    "# }",
    "",
    "{ me { user { id name } } }",
    "",
  ].join("\n");

  window.ReactDOM.createRoot(document.getElementById("graphiql")).render(
    window.React.createElement(window.GraphiQL, {
      fetcher,
      defaultQuery,
      defaultEditorToolsVisibility: true,
    }),
  );
})();
