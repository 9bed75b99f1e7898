/* Two-layer net, backward pass.  gradients go straight into g,
 * temporaries for the transposes and the relu mask. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define TWO_REG (2.0 * reg)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* sum each column of m into out (out has m->size2 entries) */
static void
col_sums (const gsl_matrix *m, gsl_vector *out)
{
  size_t r, c;
  for (c = 0; c < m->size2; c++)
    {
      double total = 0.0;
      for (r = 0; r < m->size1; r++)
        total += gsl_matrix_get (m, r, c);
      gsl_vector_set (out, c, total);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, r, c;
  gsl_matrix *W2tr, *Xtr, *p1tr, *active, *Wreg1, *Wreg2;

  W2tr = gsl_matrix_alloc (net->C, net->H);
  Xtr = gsl_matrix_alloc (net->D, N);
  p1tr = gsl_matrix_alloc (net->H, N);
  active = gsl_matrix_alloc (N, net->H);
  Wreg1 = gsl_matrix_alloc (net->D, net->H);
  Wreg2 = gsl_matrix_alloc (net->H, net->C);

  gsl_matrix_transpose_memcpy (W2tr, net->W2);
  gsl_matrix_transpose_memcpy (Xtr, X);
  gsl_matrix_transpose_memcpy (p1tr, cache->p1);

  /* dz2 = (prob - onehot) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (r = 0; r < N; r++)
    *gsl_matrix_ptr (g->dz2, r, y[r]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2, db2 */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, p1tr, g->dz2, 0.0, g->dW2);
  gsl_matrix_memcpy (Wreg2, net->W2);
  gsl_matrix_scale (Wreg2, TWO_REG);
  gsl_matrix_add (g->dW2, Wreg2);
  col_sums (g->dz2, g->db2);

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2tr, 0.0, g->dp1);

  /* dz1: only where the unit was active */
  for (r = 0; r < N; r++)
    for (c = 0; c < net->H; c++)
      gsl_matrix_set (active, r, c, gsl_matrix_get (cache->z1, r, c) > 0 ? 1 : 0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, active);

  /* dW1, db1 */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, Xtr, g->dz1, 0.0, g->dW1);
  gsl_matrix_memcpy (Wreg1, net->W1);
  gsl_matrix_scale (Wreg1, TWO_REG);
  gsl_matrix_add (g->dW1, Wreg1);
  col_sums (g->dp1, g->db1);

  gsl_matrix_free (W2tr);
  gsl_matrix_free (Xtr);
  gsl_matrix_free (p1tr);
  gsl_matrix_free (active);
  gsl_matrix_free (Wreg1);
  gsl_matrix_free (Wreg2);

  g->present = BP_GRADS_ALL;
  return 0;
}
