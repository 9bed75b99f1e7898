/* npy.h -- arrays saved by numpy's np.save, and the names under which a
 * directory of them holds a net, a batch and the gradients a student's
 * Python backprop computed.
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
  double *data;                 /* n values, row-major */
  int is_float32;               /* stored as float32 */
  int is_integer;               /* stored as an integer type */
} bp_npy;

/* Read the .npy file path.  On success *out is set and 0 returned;
 * otherwise *out is NULL and GSL_EFAILED returned with err saying what is
 * wrong ("truncated data: ...", "NaN at index (2, 3)"); the message does
 * not name the file. */
int bp_npy_read (const char *path, bp_npy **out, bp_error *err);
/* The same from the size bytes at bytes (a .npy file in memory). */
int bp_npy_parse (const void *bytes, size_t size, bp_npy **out,
                  bp_error *err);
void bp_npy_free (bp_npy *a);

/* Write data (shape[0] * ... * shape[ndim-1] values, row-major; one value
 * when ndim is 0) as a float64 ('<f8') .npy file of version 1.0.  ndim is
 * 0, 1 or 2.  0, or GSL_EFAILED with err. */
int bp_npy_write (const char *path, const double *data, size_t ndim,
                  const size_t *shape, bp_error *err);

/* What bp_problem_load_npy (problem.h) reads, for `gradcheck --npy DIR':
 * X.npy (N, D), y.npy (N,) integer labels (integers stored as float are
 * accepted only if exactly integral), W1.npy (D, H), b1.npy (H,), W2.npy
 * (H, C), b2.npy (C,), and any of dz2 dW2 db2 dp1 dz1 dW1 db1 .npy.  A
 * bias (or a db) saved as (1, H) or (H, 1) is accepted as (H,). */

#endif /* BP_NPY_H */
