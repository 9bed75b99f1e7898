/* npy.h -- arrays saved by numpy's np.save and np.savez, and the names
 * under which a directory or an archive of them holds a net, a batch and
 * the gradients a student's Python backprop computed.
 *
 * The .npy format (numpy.lib.format): the magic "\x93NUMPY", a version byte
 * pair (1.0, 2.0 or 3.0), the header length (2 bytes for 1.0, 4 bytes
 * otherwise, little-endian), a header that is a Python dict literal with
 * the keys 'descr', 'fortran_order' and 'shape', then the elements.  We
 * read float64, float32 and the integer types, in either byte order and
 * either storage order, with at most 2 dimensions, and convert them to
 * row-major doubles.  Anything else is refused with a one-line message. */

#ifndef BP_NPY_H
#define BP_NPY_H

#include <stddef.h>
#include <gsl/gsl_matrix.h>
#include "error.h"

/* The largest array we read, in elements. */
#define BP_NPY_MAX_ELEMENTS ((size_t) 1 << 31)

typedef struct bp_npy {
  size_t ndim;                  /* 0, 1 or 2 */
  size_t shape[2];              /* shape[i] is 1 for i >= ndim */
  size_t n;                     /* number of elements */
  int is_float32;               /* stored as float32 */
  int is_integer;               /* stored as an integer type */
  double data[];                /* n values, row-major */
} bp_npy;

/* Read the .npy file path.  On success *out is set and 0 returned;
 * otherwise *out is NULL and GSL_EFAILED returned with err saying what is
 * wrong ("truncated data: ...", "NaN at index (2, 3)"); the message does
 * not name the file. */
int bp_npy_read (const char *path, bp_npy **out, bp_error *err);
/* The same from the size bytes at bytes (a .npy file in memory, e.g. a
 * member of an .npz archive). */
int bp_npy_parse (const void *bytes, size_t size, bp_npy **out,
                  bp_error *err);
void bp_npy_free (bp_npy *a);

/* Write data (shape[0] * ... * shape[ndim-1] values, row-major; one value
 * when ndim is 0) as a float64 ('<f8') .npy file of version 1.0.  ndim is
 * 0, 1 or 2.  0, or GSL_EFAILED with err. */
int bp_npy_write (const char *path, const double *data, size_t ndim,
                  const size_t *shape, bp_error *err);

/* An .npz archive, as np.savez (members stored) and np.savez_compressed
 * (deflated) write it: a ZIP archive whose members KEY.npy are .npy
 * files.  Read with libzip; each member is parsed by bp_npy_parse. */
typedef struct bp_npz {
  size_t n;                     /* members */
  char **keys;                  /* (n) member names without ".npy" */
  bp_npy **arrays;              /* (n) */
} bp_npz;

/* The largest member read, in bytes, once decompressed. */
#define BP_NPZ_MAX_MEMBER ((size_t) 1 << 30)

/* Read every member of the archive path.  0, or GSL_EFAILED with err
 * saying what is wrong, naming the member ("W1.npy: truncated data: ...",
 * "member notes.txt: not an .npy array"); it does not name the archive. */
int bp_npz_read (const char *path, bp_npz **out, bp_error *err);
void bp_npz_free (bp_npz *z);

/* What bp_problem_load_npy (problem.h) reads, for `gradcheck --npy'.
 *
 * A directory holds X.npy (N, D), y.npy (N,) integer labels (integers
 * stored as float are accepted only if exactly integral), W1.npy (D, H),
 * b1.npy (H,), W2.npy (H, C), b2.npy (C,); at least one gradient: any of
 * dz2 dW2 db2 dp1 dz1 dW1 db1 .npy, or grads.npz, the CS231n grads dict
 * as np.savez ('grads.npz', **grads) saves it (keys W1 b1 W2 b2 meaning
 * dW1 db1 dW2 db2, and optionally dz2 dp1 dz1; the d-prefixed names are
 * accepted too); and optionally loss.npy (a 0-d or 1-element float
 * array, the student's loss) and scores.npy (N, C).  A bias (or a db)
 * saved as (1, H) or (H, 1) is accepted as (H,).  Any other *.npy or
 * *.npz name is refused, naming the file and the names expected; other
 * files (README, .py) are ignored.
 *
 * An .npz archive holds the same arrays under the directory's names
 * (X y W1 b1 W2 b2 dz2 dW2 db2 dp1 dz1 dW1 db1 loss scores): there the
 * gradients take the d-prefixed names, W1 being the weights.
 *
 * A gradient bit-identical to a later one of the same shape is taken as
 * absent, with a warning (the problem's warning field): dp1 equal to dz1
 * was masked in place.  Not when the two are zero, nor dp1 equal to dz1
 * with no entry zero (no mask at all: right when every z1 > 0, else a
 * mistake that the check names). */
#define BP_NPY_NAMES "X y W1 b1 W2 b2 dz2 dW2 db2 dp1 dz1 dW1 db1 loss " \
  "scores"

#endif /* BP_NPY_H */
