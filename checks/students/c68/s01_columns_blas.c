/* backward.c -- backprop for the 2-layer net, done the deeplearning.ai way.
 *
 * The course puts one example per COLUMN and I can't think the other way
 * round, so: transpose everything into my layout, do the week 3 formulas,
 * transpose the results back into g at the end.
 *
 *   mine:  X (n_x, m)   Z1, A1 (n_h, m)   A2 (n_y, m)
 *          W1 (n_h, n_x)   W2 (n_y, n_h)     (= net->W1^T, net->W2^T)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t m = X->size1, n_x = X->size2, n_h = net->H, n_y = net->C;
  size_t i, j;
  double lambd = reg;

  gsl_matrix *Xc = gsl_matrix_alloc (n_x, m);
  gsl_matrix *Z1 = gsl_matrix_alloc (n_h, m);
  gsl_matrix *A1 = gsl_matrix_alloc (n_h, m);
  gsl_matrix *W1 = gsl_matrix_alloc (n_h, n_x);
  gsl_matrix *W2 = gsl_matrix_alloc (n_y, n_h);
  gsl_matrix *dZ2 = gsl_matrix_alloc (n_y, m);
  gsl_matrix *dW2 = gsl_matrix_alloc (n_y, n_h);
  gsl_matrix *dA1 = gsl_matrix_alloc (n_h, m);
  gsl_matrix *dZ1 = gsl_matrix_alloc (n_h, m);
  gsl_matrix *dW1 = gsl_matrix_alloc (n_h, n_x);

  gsl_matrix_transpose_memcpy (Xc, X);
  gsl_matrix_transpose_memcpy (Z1, cache->z1);
  gsl_matrix_transpose_memcpy (A1, cache->p1);
  gsl_matrix_transpose_memcpy (W1, net->W1);
  gsl_matrix_transpose_memcpy (W2, net->W2);

  /* dZ2 = (A2 - Y) / m.  A2 is the softmax output, Y one-hot. */
  gsl_matrix_transpose_memcpy (dZ2, cache->prob);
  for (i = 0; i < m; i++)
    gsl_matrix_set (dZ2, y[i], i, gsl_matrix_get (dZ2, y[i], i) - 1.0);
  gsl_matrix_scale (dZ2, 1.0 / (double) m);

  /* dW2 = dZ2 A1^T + 2 lambd W2   (no 1/m here, it is in dZ2 already) */
  gsl_matrix_memcpy (dW2, W2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ2, A1, 2.0 * lambd, dW2);

  /* db2 = np.sum(dZ2, axis=1) */
  for (i = 0; i < n_y; i++)
    {
      double s = 0.0;
      for (j = 0; j < m; j++)
        s += gsl_matrix_get (dZ2, i, j);
      gsl_vector_set (g->db2, i, s);
    }

  /* dA1 = W2^T dZ2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, W2, dZ2, 0.0, dA1);

  /* dZ1 = dA1 * g'(Z1), relu: g' = 1 for Z1 > 0 */
  for (i = 0; i < n_h; i++)
    for (j = 0; j < m; j++)
      gsl_matrix_set (dZ1, i, j,
                      gsl_matrix_get (Z1, i, j) > 0.0 ? gsl_matrix_get (dA1, i, j) : 0.0);

  /* dW1 = dZ1 X^T + 2 lambd W1 */
  gsl_matrix_memcpy (dW1, W1);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ1, Xc, 2.0 * lambd, dW1);

  /* db1 = np.sum(dZ1, axis=1) */
  for (i = 0; i < n_h; i++)
    {
      double s = 0.0;
      for (j = 0; j < m; j++)
        s += gsl_matrix_get (dZ1, i, j);
      gsl_vector_set (g->db1, i, s);
    }

  /* back to samples-in-rows */
  gsl_matrix_transpose_memcpy (g->dz2, dZ2);
  gsl_matrix_transpose_memcpy (g->dW2, dW2);
  gsl_matrix_transpose_memcpy (g->dp1, dA1);
  gsl_matrix_transpose_memcpy (g->dz1, dZ1);
  gsl_matrix_transpose_memcpy (g->dW1, dW1);

  gsl_matrix_free (Xc); gsl_matrix_free (Z1); gsl_matrix_free (A1);
  gsl_matrix_free (W1); gsl_matrix_free (W2);
  gsl_matrix_free (dZ2); gsl_matrix_free (dW2); gsl_matrix_free (dA1);
  gsl_matrix_free (dZ1); gsl_matrix_free (dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
