/* backward.c
 * Two layer net.  All the algebra in the "one column per example" layout
 * from the course; the library gives me rows, so transpose in, compute,
 * transpose out.  Shapes (course):
 *   A1, Z1, dA1, dZ1 : (n_h, m)     A2, dZ2 : (n_y, m)     X : (n_x, m)
 *   W1, dW1 : (n_h, n_x)            W2, dW2 : (n_y, n_h)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *, const gsl_matrix *, const size_t *, double,
              const bp_cache *, bp_grads *);

static double
vsum (const gsl_vector *v)
{
  double s = 0.0;
  size_t i;
  for (i = 0; i < v->size; i++)
    s += gsl_vector_get (v, i);
  return s;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t m = X->size1, n_x = X->size2, n_h = net->H, n_y = net->C;
  size_t i, k;
  gsl_matrix *Xc = gsl_matrix_alloc (n_x, m);
  gsl_matrix *Z1 = gsl_matrix_alloc (n_h, m);
  gsl_matrix *A1 = gsl_matrix_alloc (n_h, m);
  gsl_matrix *W2 = gsl_matrix_alloc (n_y, n_h);
  gsl_matrix *dZ2 = gsl_matrix_alloc (n_y, m);
  gsl_matrix *dA1 = gsl_matrix_alloc (n_h, m);
  gsl_matrix *dW2 = gsl_matrix_alloc (n_y, n_h);
  gsl_matrix *dW1 = gsl_matrix_alloc (n_h, n_x);

  gsl_matrix_transpose_memcpy (Xc, X);
  gsl_matrix_transpose_memcpy (Z1, cache->z1);
  gsl_matrix_transpose_memcpy (A1, cache->p1);
  gsl_matrix_transpose_memcpy (W2, net->W2);
  gsl_matrix_transpose_memcpy (dZ2, cache->prob);

  /* ---- layer 2 ---- */
  for (i = 0; i < m; i++)                  /* A2 - Y */
    gsl_matrix_set (dZ2, y[i], i, gsl_matrix_get (dZ2, y[i], i) - 1.0);
  gsl_matrix_scale (dZ2, 1.0 / m);

  /* dW2 = dZ2 . A1^T + 2 reg W2 */
  gsl_matrix_memcpy (dW2, W2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ2, A1, 2.0 * reg, dW2);

  /* db2 = np.sum(dZ2, axis = 1, keepdims = True) */
  for (k = 0; k < n_y; k++)
    {
      gsl_vector_view v = gsl_matrix_column (dZ2, k);
      gsl_vector_set (g->db2, k, vsum (&v.vector));
    }

  /* ---- layer 1 ---- */
  /* dA1 = W2^T . dZ2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, W2, dZ2, 0.0, dA1);
  gsl_matrix_transpose_memcpy (g->dp1, dA1);

  /* dZ1 = dA1 * (Z1 > 0), in place in dA1 */
  for (i = 0; i < n_h; i++)
    for (k = 0; k < m; k++)
      if (gsl_matrix_get (Z1, i, k) <= 0.0)
        gsl_matrix_set (dA1, i, k, 0.0);

  /* dW1 = dZ1 . X^T + 2 reg W1 */
  gsl_matrix_transpose_memcpy (dW1, net->W1);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dA1, Xc, 2.0 * reg, dW1);

  /* db1 = np.sum(dZ1, axis = 1, keepdims = True) */
  for (i = 0; i < n_h; i++)
    {
      gsl_vector_view v = gsl_matrix_row (dA1, i);
      gsl_vector_set (g->db1, i, vsum (&v.vector));
    }

  gsl_matrix_transpose_memcpy (g->dz2, dZ2);
  gsl_matrix_transpose_memcpy (g->dW2, dW2);
  gsl_matrix_transpose_memcpy (g->dz1, dA1);
  gsl_matrix_transpose_memcpy (g->dW1, dW1);

  gsl_matrix_free (Xc);
  gsl_matrix_free (Z1);
  gsl_matrix_free (A1);
  gsl_matrix_free (W2);
  gsl_matrix_free (dZ2);
  gsl_matrix_free (dA1);
  gsl_matrix_free (dW2);
  gsl_matrix_free (dW1);
  g->present = BP_GRADS_ALL;
  return 0;
}
