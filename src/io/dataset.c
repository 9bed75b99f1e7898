/* dataset.c -- a data set's allocation (see dataset.h). */

#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <gsl/gsl_errno.h>

#include "backprop/dataset.h"
#include "../core/bigmem.h"

bp_dataset *
bp_dataset_alloc (size_t N, size_t D, size_t C, int floats)
{
  size_t elem = floats ? sizeof (float) : 1;
  bp_dataset *ds;

  if (N == 0 || D == 0 || C == 0 || D > SIZE_MAX / elem / N
      || N > SIZE_MAX / sizeof (size_t))
    GSL_ERROR_NULL ("data set sizes must be positive and not overflow",
                    GSL_EINVAL);
  ds = calloc (1, sizeof *ds);
  if (ds == NULL)
    GSL_ERROR_NULL ("cannot allocate data set", GSL_ENOMEM);
  ds->N = N;
  ds->D = D;
  ds->C = C;
  if (floats)
    ds->floats = bp_big_alloc (N * D * sizeof (float));
  else
    ds->bytes = bp_big_alloc (N * D);
  ds->y = calloc (N, sizeof *ds->y);
  if ((ds->floats == NULL && ds->bytes == NULL) || ds->y == NULL)
    {
      bp_dataset_free (ds);
      GSL_ERROR_NULL ("cannot allocate data set", GSL_ENOMEM);
    }
  return ds;
}

void
bp_dataset_free (bp_dataset *ds)
{
  if (ds == NULL)
    return;
  free (ds->bytes);
  free (ds->floats);
  free (ds->y);
  free (ds);
}
