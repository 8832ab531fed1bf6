/*
 * lists.c — see lists.h.
 */
#include "web/lists.h"

#include <string.h>

#include "core/buf.h"
#include "core/limits.h"
#include "core/str.h"
#include "core/timefmt.h"
#include "domain/entrega.h"
#include "web/i18n.h"

const char *param_or_empty(struct web_ctx *c, const char *name)
{
	const char *v = param(c, name);

	return v ? v : "";
}

void period_read(struct web_ctx *c, struct period *p)
{
	period_read_or(c, p, "hoy");
}

void period_read_or(struct web_ctx *c, struct period *p, const char *def)
{
	long long day = timefmt_ec_midnight(c->now);

	p->periodo = param(c, "periodo") ? param(c, "periodo") : def;
	p->desde = param_or_empty(c, "desde");
	p->hasta = param_or_empty(c, "hasta");
	p->to = day + 86400;
	if (strcmp(p->periodo, "semana") == 0) {
		p->from = day - 6 * 86400LL;
	} else if (strcmp(p->periodo, "mes") == 0) {
		p->from = day - 30 * 86400LL;
	} else if (strcmp(p->periodo, "rango") == 0) {
		long long from = 0, to = day;   /* no Hasta: up to today */
		if (timefmt_ec_day_start(p->desde, &from) != 0)
			form_errors_add(&c->errs, "desde", i18n_tr(c->lang, "Desde: ingrese una fecha válida (dd/mm/aaaa)."));
		if (p->hasta[0] && timefmt_ec_day_start(p->hasta, &to) != 0)
			form_errors_add(&c->errs, "hasta", i18n_tr(c->lang, "Hasta: ingrese una fecha válida (dd/mm/aaaa)."));
		else if (from > to)
			form_errors_add(&c->errs, "hasta", i18n_tr(c->lang, "Hasta: no puede ser antes de Desde."));
		p->from = from;
		p->to = to + 86400;
	} else {
		p->from = day;
	}
}

const char *numero_read(struct web_ctx *c, const char *name)
{
	const char *v = param_or_empty(c, name);

	if (v[0] && !entrega_parse(v, NULL, NULL, NULL, NULL))
		form_errors_add(&c->errs, name,
				i18n_tr(c->lang, "Número de entrega: tiene 21 caracteres, el código de OCE, el año, la secuencia y P o S."));
	return v;
}

const char *list_href(struct web_ctx *c, const char *path, const char *const *names,
		      const char *const *values, size_t n, const char *extra)
{
	struct buf b;
	const char *r;
	char sep = '?';

	buf_init(&b, LIMIT_URL_BYTES * 3 + 64);
	buf_put_str(&b, path);
	for (size_t i = 0; i < n; i++) {
		if (values[i] == NULL || !values[i][0])
			continue;
		buf_put_char(&b, sep);
		buf_put_str(&b, names[i]);
		buf_put_char(&b, '=');
		buf_put_url(&b, values[i]);
		sep = '&';
	}
	if (extra) {
		buf_put_char(&b, sep);
		buf_put_str(&b, extra);
	}
	r = b.err ? path : arena_strdup(&c->req->arena, b.data);
	buf_free(&b);
	return r ? r : path;
}

void csv_put_field(struct buf *b, const char *s, bool last)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		buf_put_str(b, s);
	} else {
		buf_put_char(b, '"');
		for (; *s; s++) {
			if (*s == '"')
				buf_put_char(b, '"');
			buf_put_char(b, *s);
		}
		buf_put_char(b, '"');
	}
	buf_put_str(b, last ? "\r\n" : ",");
}

void sender_of(struct web_ctx *c, struct edoc_sender *s)
{
	memset(s, 0, sizeof(*s));
	s->user_id = c->sess.user_id;
	s->oce_code = c->sess.oce_code;
	s->oce_type = c->sess.oce_type;
	s->addr = c->req->addr;
	s->channel = 'P';
	s->now = c->now;
	s->customs = &c->app->wf;
}

const char *officer_district(const struct web_ctx *c)
{
	struct str rest = str_from(c->sess.roles), item;

	while (rest.p != NULL && rest.n > 0) {
		rest = str_cut(rest, ',', &item);
		if (str_eq_cstr(str_trim(item), "nacional"))
			return NULL;
	}
	return c->sess.distrito;
}

void officer_of(struct web_ctx *c, struct customs_actor *who)
{
	memset(who, 0, sizeof(*who));
	who->user_id = c->sess.user_id;
	who->actors = wf_actors_of_roles(c->sess.roles);
	who->district = officer_district(c);
	who->addr = c->req->addr;
	who->now = c->now;
}
