/* HW2 backward -- Chloe Nguyen
   compiles with no warnings.  dW1 checks out against my numerical grad,
   didn't get to check the biases yet */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
sum_rows (const gsl_matrix *M, gsl_vector *out)   /* out[j] = sum_i M[i][j] */
{
  gsl_vector_set_zero (out);
  for (size_t i = 0; i < M->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (M, i);
      gsl_vector_add (out, &r.vector);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* scores grad */
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < net->C; c++)
      {
        double t = gsl_matrix_get (cache->prob, i, c);
        if (c == y[i]) t -= 1.0;
        gsl_matrix_set (g->dz2, i, c, t / N);
      }

  /* output layer params */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
  sum_rows (g->dz2, g->db2);

  /* back into hidden */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  sum_rows (g->dp1, g->db1);     /* hidden bias */

  /* relu */
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < net->H; h++)
      gsl_matrix_set (g->dz1, i, h,
                      gsl_matrix_get (cache->z1, i, h) > 0 ? gsl_matrix_get (g->dp1, i, h) : 0);

  /* input layer weights */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
