/* backward.c  --  Tom Reinholt, MSc evening, assignment 3
   reg terms first, then one outer product per sample (dger). */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define GET(m, i, j) gsl_matrix_get ((m), (i), (j))
#define SET(m, i, j, v) gsl_matrix_set ((m), (i), (j), (v))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, i, j;

  /* scores grad */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      SET (g->dz2, i, j, (GET (cache->prob, i, j) - (j == y[i] ? 1.0 : 0.0)) / N);

  /* start the weight grads from the regulariser */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view p = gsl_matrix_const_row (cache->p1, i);
      gsl_vector_view d = gsl_matrix_row (g->dz2, i);
      gsl_blas_dger (1.0, &p.vector, &d.vector, g->dW2);
      gsl_vector_add (g->db2, &d.vector);
    }

  /* dp1[i][h] = sum_k dz2[i][k] W2[h][k] */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double acc = 0;
        for (size_t k = 0; k < C; k++)
          acc += GET (g->dz2, i, k) * GET (net->W2, j, k);
        SET (g->dp1, i, j, acc);
        SET (g->dz1, i, j, GET (cache->z1, i, j) > 0 ? acc : 0.0);
      }

  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view x = gsl_matrix_const_row (X, i);
      gsl_vector_view d = gsl_matrix_row (g->dz1, i);
      gsl_blas_dger (1.0, &x.vector, &d.vector, g->dW1);
      gsl_vector_add (g->db1, &d.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
