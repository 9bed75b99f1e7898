/* backward.c
 * Lab 5 -- backward pass.  Products with gsl_blas_dgemm, the rest with
 * loops.  reg_W1 / reg_W2 are temporaries for 2*reg*W, freed at the end.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix *reg_W1 = gsl_matrix_alloc (net->D, net->H);
  gsl_matrix *reg_W2 = gsl_matrix_alloc (net->H, net->C);

  /* ----- dz2 ----- */
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view prow = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_view drow = gsl_matrix_row (g->dz2, i);
      gsl_vector_memcpy (&drow.vector, &prow.vector);
      gsl_vector_set (&drow.vector, y[i], gsl_vector_get (&drow.vector, y[i]) - 1.0);
      gsl_vector_scale (&drow.vector, 1.0 / N);
    }

  /* ----- dW2 ----- */
  gsl_matrix_memcpy (reg_W2, net->W2);
  gsl_matrix_scale (reg_W2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_matrix_add (g->dW2, reg_W2);

  /* ----- db2 ----- */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_add (g->db2, &row.vector);
    }

  /* ----- dp1 ----- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* ----- dz1 ----- */
  /* backward of relu is relu again */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j) > 0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* ----- dW1 ----- */
  gsl_matrix_memcpy (reg_W1, net->W1);
  gsl_matrix_scale (reg_W1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_matrix_add (g->dW1, reg_W1);

  /* ----- db1 ----- */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (g->dz1, i);
      gsl_vector_add (g->db1, &row.vector);
    }

  g->present = BP_GRADS_ALL;
  gsl_matrix_free (reg_W1);
  gsl_matrix_free (reg_W2);
  return 0;
}
