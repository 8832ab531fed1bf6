/*
 * migrations.h — the numbered schema migrations embedded in the binary,
 * generated from src/db/migrations/NNN_name.sql (in order) by the build.
 * The version of a migration is the number its file name starts with.
 */
#ifndef ADUANA_MIGRATIONS_H
#define ADUANA_MIGRATIONS_H

#include "core/embed.h"

extern const struct embedded_file db_migrations[];
extern const size_t db_migrations_count;

#endif
