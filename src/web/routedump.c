/*
 * routedump.c — the route table as JSON (routedump.h).
 *
 * Reads only the constant tables of web/routes.c: no store, no server.  The
 * names printed are the dump's own vocabulary (routedump.h), not C
 * identifiers, so a rename in route.h does not silently change the format:
 * an enum value without a name here fails the build's -Wswitch.
 */
#include <jansson.h>

#include "web/route.h"
#include "web/routedump.h"

static const char *method_name(enum http_method m)
{
	switch (m) {
	case HTTP_GET: return "GET";
	case HTTP_HEAD: return "HEAD";
	case HTTP_POST: return "POST";
	case HTTP_OTHER: break;
	}
	return "OTHER";
}

static const char *body_name(enum route_body b)
{
	switch (b) {
	case BODY_NONE: return "none";
	case BODY_FORM: return "form";
	case BODY_MULTIPART: return "multipart";
	case BODY_XML: return "xml";
	case BODY_JSON: return "json";
	}
	return "unknown";
}

static const char *answer_name(enum route_answer a)
{
	switch (a) {
	case ANSWER_HTML: return "html";
	case ANSWER_JSON: return "json";
	case ANSWER_SOAP: return "soap";
	}
	return "unknown";
}

static const char *kind_name(enum param_kind k)
{
	switch (k) {
	case PARAM_TEXT: return "text";
	case PARAM_DIGITS: return "digits";
	case PARAM_INT: return "int";
	case PARAM_ONE_OF: return "one_of";
	case PARAM_RUC: return "ruc";
	case PARAM_DATE: return "date";
	case PARAM_TOKEN: return "token";
	case PARAM_KEY: return "key";
	}
	return "unknown";
}

/* json_array_append_new / json_object_set_new take the reference even when
 * they fail, so a NULL from a constructor only needs counting. */
static int add(json_t *obj, const char *key, json_t *v)
{
	return v == NULL || json_object_set_new(obj, key, v) != 0 ? -1 : 0;
}

static int push(json_t *arr, json_t *v)
{
	return v == NULL || json_array_append_new(arr, v) != 0 ? -1 : 0;
}

static json_t *roles_json(unsigned roles)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ ROLE_ANON, "anon" }, { ROLE_SIGNED, "signed" }, { ROLE_OPERATOR, "operator" },
		{ ROLE_OFFICER, "officer" }, { ROLE_ADMIN, "admin" },
	};
	json_t *a = json_array();
	int rc = a ? 0 : -1;

	for (size_t i = 0; rc == 0 && i < sizeof(names) / sizeof(names[0]); i++)
		if (roles & names[i].bit)
			rc = push(a, json_string(names[i].name));
	if (rc != 0) {
		json_decref(a);
		return NULL;
	}
	return a;
}

static json_t *param_json(const struct param_spec *s)
{
	json_t *p = json_object();
	int rc = p ? 0 : -1;

	if (rc == 0) {
		rc |= add(p, "name", json_string(s->name));
		rc |= add(p, "kind", json_string(kind_name(s->kind)));
		rc |= add(p, "required", json_boolean(s->flags & P_REQUIRED));
		rc |= add(p, "multiline", json_boolean(s->flags & P_MULTILINE));
		rc |= add(p, "raw", json_boolean(s->flags & P_RAW));
		rc |= add(p, "prefix", json_boolean(s->flags & P_PREFIX));
	}
	if (rc == 0 && (s->kind == PARAM_TEXT || s->kind == PARAM_DIGITS) && s->max)
		rc |= add(p, "max", json_integer((json_int_t)s->max));
	if (rc == 0 && (s->kind == PARAM_DIGITS || s->kind == PARAM_INT))
		rc |= add(p, "lo", json_integer((json_int_t)s->lo));
	if (rc == 0 && s->kind == PARAM_INT)
		rc |= add(p, "hi", json_integer((json_int_t)s->hi));
	if (rc == 0 && s->kind == PARAM_ONE_OF && s->one_of) {
		json_t *list = json_array();
		rc |= list ? 0 : -1;
		for (size_t i = 0; rc == 0 && s->one_of[i]; i++)
			rc |= push(list, json_string(s->one_of[i]));
		rc |= add(p, "one_of", list);
	}
	if (rc != 0) {
		json_decref(p);
		return NULL;
	}
	return p;
}

static json_t *route_json(const struct route *r)
{
	json_t *o = json_object(), *params = json_array(), *flags = json_array();
	const char *csrf = (r->flags & ROUTE_CSRF) ? "session" : (r->flags & ROUTE_CSRF_PRE) ? "pre" : "none";
	int rc = o && params && flags ? 0 : -1;

	if (rc == 0) {
		rc |= add(o, "method", json_string(method_name(r->method)));
		rc |= add(o, "path", json_string(r->path));
		rc |= add(o, "roles", roles_json(r->roles));
		rc |= add(o, "csrf", json_string(csrf));
		if (r->flags & ROUTE_SLOW)
			rc |= push(flags, json_string("slow"));
		if (r->flags & ROUTE_STATIC)
			rc |= push(flags, json_string("static"));
		if (r->flags & ROUTE_FORM_ERRORS)
			rc |= push(flags, json_string("form_errors"));
		rc |= add(o, "flags", flags);
		flags = NULL;
		rc |= add(o, "body", json_string(body_name(r->body)));
		rc |= add(o, "body_max", json_integer((json_int_t)route_body_max(r)));
		rc |= add(o, "answer", json_string(answer_name(r->answer)));
		for (const struct param_spec *s = r->params; rc == 0 && s && s->name; s++)
			rc |= push(params, param_json(s));
		rc |= add(o, "params", params);
		params = NULL;
	}
	json_decref(flags);
	json_decref(params);
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int web_routes_dump(FILE *out)
{
	json_t *doc = json_object(), *routes = json_array();
	int rc = doc && routes ? 0 : -1;

	for (size_t t = 0; rc == 0 && t < web_route_tables_count; t++) {
		const struct route_table *rt = web_route_tables[t];
		for (size_t i = 0; rc == 0 && i < rt->n; i++)
			rc = push(routes, route_json(&rt->routes[i]));
	}
	if (rc == 0) {
		rc = add(doc, "routes", routes);
		routes = NULL;
	}
	if (rc == 0 && (json_dumpf(doc, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER) != 0 || fputc('\n', out) == EOF))
		rc = -1;
	json_decref(routes);
	json_decref(doc);
	return rc;
}
