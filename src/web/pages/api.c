/*
 * api.c — the JSON API (application/json; errors as
 * application/problem+json, RFC 9457).
 *
 *   GET /api/v1/salud   the node's health, for a load balancer in front of
 *                       several nodes: 200 {"estado":"ok", "motor":
 *                       "sqlite"|"postgresql", "esquema": N} when the store
 *                       answers, 503 (problem) when it does not.
 */
#include "core/json.h"
#include "core/limits.h"
#include "web/page.h"

static int api_health(struct web_ctx *c)
{
	int version = db_schema_version(c->conn);
	struct buf b;

	if (version <= 0)
		return page_error(c, 503);
	buf_init(&b, 256);
	buf_put_str(&b, "{\"estado\":\"ok\",\"motor\":");
	json_put_str(&b, db_engine(c->app->db) == DB_POSTGRES ? "postgresql" : "sqlite");
	buf_put_str(&b, ",\"esquema\":");
	buf_put_int(&b, version);
	buf_put_str(&b, "}\n");
	return page_json(c, 200, &b);
}

static const struct route routes[] = {
	{ HTTP_GET, "/api/v1/salud", api_health, ROLES_ANY, 0, .answer = ANSWER_JSON },
};
ROUTE_TABLE(api_routes, routes);
