/*
 * routes.c — the application's routes: every feature's table, joined.
 * Adding a feature adds its table here (one line); its routes, handlers and
 * parameters stay in its own file (web/pages/NAME.c).
 */
#include "web/route.h"

extern const struct route_table login_routes, oce_routes, notices_routes, info_routes,
	static_routes, api_routes, catalogs_routes, edocs_routes, tramites_routes, documento_routes,
	elaboracion_routes, estados_routes, enviados_routes, bandeja_routes, reglas_routes,
	correo_routes, registro_routes, clave_routes, cuenta_routes, uso_routes, usuarios_routes;

const struct route_table *const web_route_tables[] = {
	&login_routes, &oce_routes, &notices_routes, &info_routes, &static_routes, &api_routes,
	&catalogs_routes, &edocs_routes, &tramites_routes, &documento_routes,
	&elaboracion_routes, &estados_routes, &enviados_routes, &bandeja_routes,
	&reglas_routes, &correo_routes, &registro_routes, &clave_routes, &cuenta_routes, &uso_routes,
	&usuarios_routes,
};
const size_t web_route_tables_count = sizeof(web_route_tables) / sizeof(web_route_tables[0]);
