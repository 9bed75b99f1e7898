/* backward.c
 *
 *   dscores = (P - Y) / N
 *   dW2 = h' dscores + 2 reg W2       db2 = sum_rows dscores
 *   dhidden = dscores W2'             then zeroed where z1 <= 0
 *   dW1 = X' dhidden + 2 reg W1       db1 = sum_rows dhidden
 */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

struct grads_local
{
  gsl_matrix *dscores, *dhidden, *dW1, *dW2;
  gsl_vector *db1, *db2;
};

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

/* every member of the local struct into its place in g */
static void
copy_out (const struct grads_local *l, bp_grads *g)
{
  gsl_matrix_memcpy (g->dz2, l->dscores);
  gsl_matrix_memcpy (g->dW2, l->dW2);
  gsl_vector_memcpy (g->db2, l->db2);
  gsl_matrix_memcpy (g->dp1, l->dhidden);
  gsl_matrix_memcpy (g->dz1, l->dhidden);
  gsl_matrix_memcpy (g->dW1, l->dW1);
  gsl_vector_memcpy (g->db1, l->db1);
  g->present = BP_GRADS_ALL;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  struct grads_local l;

  l.dscores = gsl_matrix_alloc (N, net->C);
  l.dhidden = gsl_matrix_alloc (N, net->H);
  l.dW1 = gsl_matrix_alloc (net->D, net->H);
  l.dW2 = gsl_matrix_alloc (net->H, net->C);
  l.db1 = gsl_vector_alloc (net->H);
  l.db2 = gsl_vector_alloc (net->C);

  gsl_matrix_memcpy (l.dscores, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (l.dscores, i, y[i]) -= 1.0;
  gsl_matrix_scale (l.dscores, 1.0 / N);

  gsl_matrix_memcpy (l.dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, l.dscores,
                  2.0 * reg, l.dW2);
  sum_rows (l.dscores, l.db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, l.dscores, net->W2, 0.0,
                  l.dhidden);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (l.dhidden, i, j, 0.0);

  gsl_matrix_memcpy (l.dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, l.dhidden, 2.0 * reg,
                  l.dW1);
  sum_rows (l.dhidden, l.db1);

  copy_out (&l, g);

  gsl_matrix_free (l.dscores);
  gsl_matrix_free (l.dhidden);
  gsl_matrix_free (l.dW1);
  gsl_matrix_free (l.dW2);
  gsl_vector_free (l.db1);
  gsl_vector_free (l.db2);
  return 0;
}
