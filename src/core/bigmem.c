/* bigmem.c -- memory for large arrays on huge pages (see bigmem.h). */

#include <config.h>

#include <stdlib.h>
#include <sys/mman.h>

#include "bigmem.h"

/* The huge page of x86-64 and of most arm64 kernels. */
#define HUGE_PAGE ((size_t) 2 << 20)

void *
bp_big_alloc (size_t size)
{
  void *p;

  if (size < HUGE_PAGE)
    return malloc (size);
  if (posix_memalign (&p, HUGE_PAGE, size) != 0)
    return NULL;
#ifdef MADV_HUGEPAGE
  /* Advice only: a kernel without transparent huge pages refuses it,
   * and the memory serves as it is. */
  (void) madvise (p, size, MADV_HUGEPAGE);
#endif
  return p;
}
