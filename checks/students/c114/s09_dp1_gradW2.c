/* Backward pass, HW3.  Helper functions for the matrix products because
 * I use them three times. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T B  (+ 2 reg W if W != NULL) */
static void
matmul_tn (const gsl_matrix *A, const gsl_matrix *B, const gsl_matrix *W,
           double reg, gsl_matrix *out)
{
  size_t r, c, n;
  for (r = 0; r < A->size2; r++)
    for (c = 0; c < B->size2; c++)
      {
        double s = 0.0;
        for (n = 0; n < A->size1; n++)
          s += gsl_matrix_get (A, n, r) * gsl_matrix_get (B, n, c);
        if (W != NULL)
          s += 2.0 * reg * gsl_matrix_get (W, r, c);
        gsl_matrix_set (out, r, c, s);
      }
}

/* out = A B^T */
static void
matmul_nt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  size_t r, c, k;
  for (r = 0; r < A->size1; r++)
    for (c = 0; c < B->size1; c++)
      {
        double s = 0.0;
        for (k = 0; k < A->size2; k++)
          s += gsl_matrix_get (A, r, k) * gsl_matrix_get (B, c, k);
        gsl_matrix_set (out, r, c, s);
      }
}

static void
sum_rows (const gsl_matrix *A, gsl_vector *out)
{
  size_t n, c;
  gsl_vector_set_zero (out);
  for (n = 0; n < A->size1; n++)
    for (c = 0; c < A->size2; c++)
      gsl_vector_set (out, c, gsl_vector_get (out, c) + gsl_matrix_get (A, n, c));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, n, h;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* delta2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    gsl_matrix_set (g->dz2, n, y[n], gsl_matrix_get (g->dz2, n, y[n]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  matmul_tn (cache->p1, g->dz2, net->W2, reg, g->dW2);   /* grad_W2 */
  sum_rows (g->dz2, g->db2);                              /* grad_b2 */

  /* backprop into the hidden layer */
  matmul_nt (g->dz2, g->dW2, g->dp1);

  for (n = 0; n < N; n++)
    for (h = 0; h < net->H; h++)
      {
        double v = gsl_matrix_get (g->dp1, n, h);
        gsl_matrix_set (g->dz1, n, h, gsl_matrix_get (cache->z1, n, h) > 0.0 ? v : 0.0);
      }

  matmul_tn (X, g->dz1, net->W1, reg, g->dW1);           /* grad_W1 */
  sum_rows (g->dz1, g->db1);                              /* grad_b1 */

  g->present = BP_GRADS_ALL;
  return 0;
}
