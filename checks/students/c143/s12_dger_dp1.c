/* lab4/backward.c
 *
 * Row i of a GSL matrix M starts at M->data + i * M->tda, so I make the
 * row views myself with gsl_vector_view_array (same thing as
 * gsl_matrix_row, but I like seeing the pointer).
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define ROWPTR(M, i) ((M)->data + (i) * (M)->tda)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2 * reg);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2 * reg);
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view x = gsl_vector_const_view_array (ROWPTR (X, i), D);
      gsl_vector_view h = gsl_vector_view_array (ROWPTR (cache->p1, i), H);
      gsl_vector_view dz2 = gsl_vector_view_array (ROWPTR (g->dz2, i), C);
      gsl_vector_view dp1 = gsl_vector_view_array (ROWPTR (g->dp1, i), H);
      gsl_vector_view dz1 = gsl_vector_view_array (ROWPTR (g->dz1, i), H);
      double *z1 = ROWPTR (cache->z1, i);
      double *pr = ROWPTR (cache->prob, i);

      /* scores */
      for (j = 0; j < C; j++)
        dz2.vector.data[j] = (pr[j] - (j == y[i] ? 1.0 : 0.0)) / N;

      gsl_blas_dger (1.0, &h.vector, &dz2.vector, g->dW2);
      gsl_vector_add (g->db2, &dz2.vector);

      /* hidden */
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &dz2.vector, 0.0, &dp1.vector);
      for (j = 0; j < H; j++)
        dz1.vector.data[j] = z1[j] > 0 ? dp1.vector.data[j] : 0.0;

      /* input layer */
      gsl_blas_dger (1.0, &x.vector, &dp1.vector, g->dW1);
      gsl_vector_add (g->db1, &dz1.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
