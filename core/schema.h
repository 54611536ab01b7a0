/* SPDX-License-Identifier: GPL-3.0-or-later */
/* schema.h: the space database's schema, as an ordered list of forward migrations. */
#pragma once

/* migrations[i] brings a database from user_version i to i + 1. */
extern const char *const schema_migrations[];
extern const int schema_version;
