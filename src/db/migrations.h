/*
 * migrations.h — the numbered schema migrations embedded in the binary, one
 * set per engine, generated from src/db/migrations/{sqlite,pg}/NNN_name.sql
 * (in order) by the build.  The version of a migration is the number its
 * file name starts with; both sets use the same numbers for the same change.
 */
#ifndef ADUANA_MIGRATIONS_H
#define ADUANA_MIGRATIONS_H

#include "core/embed.h"

extern const struct embedded_file db_migrations_sqlite[];
extern const size_t db_migrations_sqlite_count;
extern const struct embedded_file db_migrations_pg[];
extern const size_t db_migrations_pg_count;

#endif
