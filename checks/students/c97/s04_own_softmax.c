/* backward.c
 *
 * I did not trust cache->prob at first (my printed probs did not sum to 1,
 * turned out I printed z2), so the softmax is redone here from the scores.
 * Left it in, it gives the same numbers. */

#include <math.h>
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* row i of out = softmax of row i of z, with the max taken off first */
static void
softmax_rows (const gsl_matrix *z, gsl_matrix *out)
{
  size_t i, k;
  for (i = 0; i < z->size1; i++)
    {
      double mx = gsl_matrix_get (z, i, 0), tot = 0.0, tmp;
      for (k = 1; k < z->size2; k++)
        if (gsl_matrix_get (z, i, k) > mx)
          mx = gsl_matrix_get (z, i, k);
      for (k = 0; k < z->size2; k++)
        {
          tmp = exp (gsl_matrix_get (z, i, k) - mx);
          gsl_matrix_set (out, i, k, tmp);
          tot += tmp;
        }
      for (k = 0; k < z->size2; k++)
        gsl_matrix_set (out, i, k, gsl_matrix_get (out, i, k) / tot);
    }
}

static void
sum_rows (const gsl_matrix *A, gsl_vector *out)
{
  size_t i;
  gsl_vector_set_zero (out);
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (A, i);
      gsl_vector_add (out, &r.vector);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  gsl_matrix *tmp;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  softmax_rows (cache->z2, g->dz2);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2: data part into tmp, reg part added after */
  tmp = gsl_matrix_alloc (net->H, net->C);
  if (tmp == NULL)
    return 1;
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, tmp);
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_matrix_add (g->dW2, tmp);
  gsl_matrix_free (tmp);
  /* printf ("dW2 max %g\n", gsl_matrix_max (g->dW2)); */

  sum_rows (g->dz2, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu: p1 > 0 exactly where z1 > 0, so p1 works as the mask too */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (!(gsl_matrix_get (cache->p1, i, j) > 0.0))
        gsl_matrix_set (g->dz1, i, j, 0.0);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
#ifdef DEBUG
  fprintf (stderr, "dW1 min %g max %g\n", gsl_matrix_min (g->dW1),
           gsl_matrix_max (g->dW1));
#endif

  sum_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
