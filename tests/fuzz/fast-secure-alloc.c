/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fast-secure-alloc.c: in the fuzz targets only, libsodium's guarded allocator gives way
 * to plain malloc. sodium_malloc maps, locks and guards pages for every buffer; on a
 * virtual machine each of those costs a TLB shootdown, and the header target opens 16
 * keyslots per input, which capped it at about 1,000 inputs a second. AddressSanitizer
 * then guards these buffers to the byte (sodium's guard page catches an overrun only
 * past the page), and LeakSanitizer sees any that is never freed. The core links
 * statically into each target, so its calls bind to these definitions. */
#include <stdlib.h>

void *sodium_malloc(size_t size);
void sodium_free(void *ptr);

void *sodium_malloc(size_t size) {
  return malloc(size > 0 ? size : 1);
}

void sodium_free(void *ptr) {
  free(ptr);
}
