/* bigmem.h -- memory for large arrays (private to the library).
 *
 * The first touch of each 4 KiB page costs a page fault, and on a virtual
 * machine a fault is dear: filling Fashion-MNIST's 47 MB of training
 * images faults 11,500 times, a third of the time it takes to decompress
 * them.  Memory from bp_big_alloc starts on a 2 MiB boundary and asks the
 * kernel for transparent huge pages (madvise), where one fault maps 2 MiB.
 * Where the kernel has none, it is ordinary memory. */

#ifndef BP_BIGMEM_H
#define BP_BIGMEM_H

#include <stddef.h>

#define BP_HIDDEN_BIGMEM __attribute__ ((visibility ("hidden")))

/* size bytes, uninitialised, released with free(); NULL when out of
 * memory.  Below 2 MiB it is plain malloc. */
BP_HIDDEN_BIGMEM void *bp_big_alloc (size_t size);

#endif /* BP_BIGMEM_H */
