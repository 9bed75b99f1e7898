/* cifar.h -- CIFAR-10 binary batches.
 *
 * A batch file (data_batch_1.bin ... data_batch_5.bin, test_batch.bin) is
 * a sequence of 3073-byte records: one label byte (0..9), then a 32x32
 * colour image as 1024 red, 1024 green and 1024 blue bytes, each plane
 * row by row.  The files may also be gzip-compressed. */

#ifndef BP_CIFAR_H
#define BP_CIFAR_H

#include <stddef.h>
#include "dataset.h"
#include "error.h"

#define BP_CIFAR_SIDE 32
#define BP_CIFAR_D (3 * BP_CIFAR_SIDE * BP_CIFAR_SIDE)
#define BP_CIFAR_RECORD (1 + BP_CIFAR_D)
#define BP_CIFAR_CLASSES 10

/* Read the npaths batch files, in order, into one data set of bytes
 * (D = 3072, C = 10, 32x32, 3 channels).  0, or GSL_EFAILED with err
 * naming the file and what is wrong with it. */
int bp_cifar_read (const char *const *paths, size_t npaths,
                   bp_dataset **out, bp_error *err);
/* The same, reading only the first n records (n >= 1) of the files, in
 * order: the files after the one that holds the n-th are not opened, and
 * that file is read no further. */
int bp_cifar_read_head (const char *const *paths, size_t npaths, size_t n,
                        bp_dataset **out, bp_error *err);

#endif /* BP_CIFAR_H */
