// Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core; no
// browser is ever downloaded), launched once and then told what to do by the
// test: one JSON line {id, op, ...arguments} on stdin per step, answered by one
// line {id, result} or {id, error} on stdout.
import readline from "node:readline";
import { chromium } from "playwright-core";

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  // playwright gives every launch a fresh, temporary user-data dir.
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

const print = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// A page on a context that lets requests reach `origin` only and aborts every
// other, recording them: the network of an intranet without internet access.
async function offlinePage(origin) {
  const context = await browser.newContext();
  const blocked = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    blocked.push(url);
    return route.abort("internetdisconnected");
  });
  const page = await context.newPage();
  const problems = [];
  const logs = [];
  const frames = [];
  page.on("websocket", (ws) => {
    ws.on("framereceived", ({ payload }) =>
      frames.push(typeof payload === "string" ? payload : `(binary) ${payload.toString()}`),
    );
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) =>
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`),
  );
  page.on("console", (message) => logs.push(message));
  return { context, page, blocked, problems, logs, frames };
}

let graphiql = null;

async function editorValue(page, selector) {
  return page.evaluate((s) => document.querySelector(s).CodeMirror.getValue(), selector);
}

async function setEditor(page, selector, value) {
  await page.evaluate(([s, v]) => document.querySelector(s).CodeMirror.setValue(v), [selector, value]);
}

const QUERY_EDITOR = ".graphiql-query-editor .CodeMirror";
const RESULT = ".result-window .CodeMirror";
const VISIBLE_TOOL_EDITOR = ".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror";

// Polls GraphiQL's result pane until `accept` holds for its JSON.
async function awaitResult(page, accept, timeout) {
  const deadline = Date.now() + timeout;
  let text = "";
  while (Date.now() < deadline) {
    text = await editorValue(page, RESULT);
    try {
      const value = JSON.parse(text);
      if (accept(value)) return value;
    } catch {
      // not JSON yet (empty, or GraphiQL's placeholder)
    }
    await sleep(100);
  }
  throw new Error(`GraphiQL's result pane after ${timeout} ms: ${text || "(empty)"}`);
}

const ops = {
  // Opens GraphiQL with every other host blocked; answers once it has rendered.
  async graphiqlOpen({ url }) {
    graphiql = await offlinePage(new URL(url).origin);
    const { page } = graphiql;
    const response = await page.goto(url);
    await page.waitForSelector(QUERY_EDITOR, { timeout: 20000 });
    return {
      status: response.status(),
      contentType: response.headers()["content-type"],
      title: await page.title(),
      blocked: graphiql.blocked,
      problems: graphiql.problems,
    };
  },

  // Types `headers` into the Headers pane and `query` into the editor, presses
  // Run, and answers with the result pane's JSON; for a subscription
  // (`subscription: true`) once the server has acknowledged the WebSocket.
  async graphiqlRun({ query, headers, subscription = false, timeout = 15000 }) {
    const { page } = graphiql;
    if (headers !== undefined) {
      await page.getByRole("button", { name: "Headers", exact: true }).click();
      await setEditor(page, VISIBLE_TOOL_EDITOR, JSON.stringify(headers, null, 2));
    }
    // GraphiQL parses the edited document after a short debounce and decides from
    // that parse whether to use the WebSocket: wait for it, as a person would.
    await setEditor(page, QUERY_EDITOR, query);
    await page.waitForFunction(
      ([s, text]) => document.querySelector(s).CodeMirror.documentAST?.loc?.source?.body === text,
      [QUERY_EDITOR, query],
      { timeout: 5000 },
    );
    await setEditor(page, RESULT, ""); // so that the answer read below is this run's
    const framesBefore = graphiql.frames.length;
    await page.click(".graphiql-execute-button");
    if (subscription) {
      const deadline = Date.now() + timeout;
      const acked = () => graphiql.frames.slice(framesBefore).some((f) => f.includes("connection_ack"));
      while (!acked()) {
        if (Date.now() > deadline) {
          const result = await editorValue(page, RESULT);
          throw new Error(`no connection_ack; frames: ${graphiql.frames.join(" | ")}; result: ${result}`);
        }
        await sleep(50);
      }
      // The server registers the subscription right after reading it; give it a moment.
      await sleep(300);
      return { frames: graphiql.frames.slice(framesBefore) };
    }
    return awaitResult(page, () => true, timeout);
  },

  // Waits until the result pane shows data whose `field` passes a check
  // (`equals`: a value at a path inside it), as a running subscription updates it.
  async graphiqlAwait({ field, path, equals, timeout = 15000 }) {
    const { page } = graphiql;
    const at = (value) => path.reduce((v, key) => v?.[key], value);
    return awaitResult(
      page,
      (value) => value?.data?.[field] && at(value.data[field]) === equals,
      timeout,
    );
  },

  async screenshot({ path }) {
    await graphiql.page.screenshot({ path });
    return path;
  },

  async graphiqlClose() {
    const { blocked, problems, frames } = graphiql;
    await graphiql.context.close();
    graphiql = null;
    return { blocked, problems, frames };
  },

  // A page of another origin calls the API as a frontend would: fetch with a
  // bearer token (a preflighted request) and a graphql-transport-ws WebSocket.
  async crossOrigin({ pageUrl, api, wsUrl, authorization }) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const consoleErrors = [];
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    await page.goto(pageUrl);
    const result = await page.evaluate(
      async ({ api, wsUrl, authorization }) => {
        const out = { origin: location.origin };
        try {
          const response = await fetch(api, {
            method: "POST",
            headers: { "content-type": "application/json", authorization },
            body: JSON.stringify({ query: "{ me { user { email } } }" }),
          });
          out.fetch = { status: response.status, body: await response.json() };
        } catch (error) {
          out.fetch = { error: `${error.name}: ${error.message}` };
        }
        out.ws = await new Promise((resolve) => {
          const ws = new WebSocket(wsUrl, "graphql-transport-ws");
          const seen = { opened: false, acked: false };
          const timer = setTimeout(() => { ws.close(); resolve({ ...seen, timeout: true }); }, 5000);
          ws.onopen = () => {
            seen.opened = true;
            ws.send(JSON.stringify({ type: "connection_init", payload: { authorization } }));
          };
          ws.onmessage = ({ data }) => {
            seen.firstFrame = typeof data === "string" ? data : `(binary ${data.constructor.name})`;
            try {
              seen.acked = JSON.parse(data).type === "connection_ack";
            } catch {
              seen.acked = false;
            }
            clearTimeout(timer);
            ws.close(1000);
            resolve(seen);
          };
          ws.onclose = (event) => {
            clearTimeout(timer);
            resolve({ ...seen, closeCode: event.code });
          };
        });
        return out;
      },
      { api, wsUrl, authorization },
    );
    await context.close();
    return { ...result, consoleErrors };
  },

  // A frontend on another origin, with nothing but fetch: signs in, pages the
  // leads forward and back, and refetches one by node(id:).
  async journey({ pageUrl, api, email, password }) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(pageUrl);
    const result = await page.evaluate(
      async ({ api, email, password }) => {
        const call = async (query, variables, token) => {
          const response = await fetch(api, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              accept: "application/graphql-response+json",
              ...(token ? { authorization: `Bearer ${token}` } : {}),
            },
            body: JSON.stringify({ query, variables }),
          });
          return { status: response.status, type: response.headers.get("content-type"), body: await response.json() };
        };
        const login = await call(
          "mutation($i: LoginInput!) { login(input: $i) { __typename ... on Session { accessToken } } }",
          { i: { email, password } },
        );
        const token = login.body.data.login.accessToken;
        const page = "id customer { name }";
        const info = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor }";
        const forward = `query($after: String) { leads(first: 3, after: $after) { nodes { ${page} } ${info} } }`;
        const backward = `query($before: String) { leads(last: 3, before: $before) { nodes { ${page} } ${info} } }`;
        const first = (await call(forward, {}, token)).body.data.leads;
        const second = (await call(forward, { after: first.pageInfo.endCursor }, token)).body.data.leads;
        const back = (await call(backward, { before: second.pageInfo.startCursor }, token)).body.data.leads;
        const refetched = await call(
          "query($id: ID!) { node(id: $id) { id ... on Lead { customer { name } } } }",
          { id: second.nodes[0].id },
          token,
        );
        const invalid = await call("{ leads(first: 3) { nodes { nope } } }", {}, token);
        return { login: login.body.data.login.__typename, first, second, back, refetched, invalid };
      },
      { api, email, password },
    );
    await context.close();
    return result;
  },

  // Pastes each block into the page's console, as DevTools does (top-level
  // await, declarations kept between blocks), then waits until the page logs
  // an object whose `key` is `equals`.
  async console({ url, blocks, key, equals, timeout = 15000 }) {
    const tab = await offlinePage(new URL(url).origin);
    const { page, logs } = tab;
    try {
      await page.goto(url);
      const cdp = await tab.context.newCDPSession(page);
      for (const [index, expression] of blocks.entries()) {
        // A person pastes the next block a while later (the subscription is live by then).
        if (index > 0) await sleep(1000);
        const { exceptionDetails } = await cdp.send("Runtime.evaluate", {
          expression,
          replMode: true,
          awaitPromise: true,
          userGesture: true,
        });
        if (exceptionDetails) {
          const description = exceptionDetails.exception?.description ?? exceptionDetails.text;
          throw new Error(`the snippet threw: ${description}`);
        }
      }
      const deadline = Date.now() + timeout;
      let seen = 0;
      while (Date.now() < deadline) {
        for (; seen < logs.length; seen += 1) {
          const message = logs[seen];
          if (message.type() !== "log") continue;
          for (const arg of message.args()) {
            const value = await arg.jsonValue().catch(() => undefined);
            if (value && typeof value === "object" && value[key] === equals) {
              return { printed: value, text: message.text(), blocked: tab.blocked };
            }
          }
        }
        await sleep(100);
      }
      const printed = logs.map((m) => `${m.type()}: ${m.text()}`).join("\n");
      throw new Error(
        `no {${key}: ${equals}} logged in ${timeout} ms; the console:\n${printed}\n` +
          `errors: ${tab.problems.join("\n")}\nframes received: ${tab.frames.join(" | ")}`,
      );
    } finally {
      await tab.context.close();
    }
  },
};

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  const { id, op, ...args } = JSON.parse(line);
  try {
    if (!(op in ops)) throw new Error(`unknown op ${op}`);
    print({ id, result: (await ops[op](args)) ?? null });
  } catch (error) {
    print({ id, error: String(error?.stack ?? error) });
  }
}
await browser.close();
