/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fixed-random.h: a reproducible stand-in for libsodium's random generator, so the
 * committed seed corpus and malformed files are exactly what their generators write. */
#pragma once

/* Installs it; call before amanat_init (which starts libsodium). `label` picks the
 * stream, so each generator has its own. */
void fixed_random_install(const char *label);
