/* idx.h -- IDX files (the layout of MNIST and Fashion-MNIST), plain or
 * gzip-compressed.
 *
 * An IDX file starts with a 4-byte magic number: two zero bytes, a type
 * byte and the number of dimensions k.  Then come k sizes, each a 32-bit
 * big-endian integer, and then the values, row-major.  Only the type 0x08
 * (unsigned bytes) is read here: it is what image and label files use.
 * Images are a 3-dimensional file (count, rows, columns); labels are a
 * 1-dimensional file (count).
 *
 * Reading goes through zlib's gzread, which reads uncompressed files as
 * they are, so "train-images-idx3-ubyte" and "train-images-idx3-ubyte.gz"
 * are read by the same call. */

#ifndef BP_IDX_H
#define BP_IDX_H

#include <stddef.h>
#include "error.h"

#define BP_IDX_MAXDIMS 4
#define BP_IDX_UBYTE 0x08

/* The largest data block accepted (1 GiB): a header that promises more is
 * taken for a corrupt one. */
#define BP_IDX_MAXBYTES ((size_t) 1 << 30)

typedef struct bp_idx {
  unsigned ndims;
  size_t dims[BP_IDX_MAXDIMS];  /* (ndims) */
  size_t count;                 /* product of dims */
  unsigned char *data;          /* (count) values, row-major */
} bp_idx;

/* Read an IDX file of unsigned bytes with ndims dimensions.  On success
 * *out is set and 0 returned; otherwise *out is NULL, GSL_EFAILED is
 * returned and err says what is wrong ("bad magic number 0x00000f03",
 * "truncated: 47 of 784 bytes of data"); it does not name the file. */
int bp_idx_read (const char *path, unsigned ndims, bp_idx **out,
                 bp_error *err);
void bp_idx_free (bp_idx *idx);

/* Read only the first n records (n >= 1) of such a file, or all of them
 * when it has fewer: dims[0] of the result is the number read.  gzip
 * streams are decompressed only as far as that, so the first 10 images of
 * Fashion-MNIST cost a few kilobytes, not 47 MB.  A file that ends before
 * those records is refused as truncated; what comes after them is not
 * looked at.  *in_file, unless NULL, gets the number of records that the
 * header announces. */
int bp_idx_read_head (const char *path, unsigned ndims, size_t n,
                      bp_idx **out, size_t *in_file, bp_error *err);

/* Write data (the product of dims values) as an IDX file of unsigned
 * bytes, gzip-compressed when gz is nonzero.  0 or GSL_EFAILED with err. */
int bp_idx_write (const char *path, unsigned ndims, const size_t *dims,
                  const unsigned char *data, int gz, bp_error *err);

#endif /* BP_IDX_H */
