/* backward.c -- Assignment 3, backward pass.
 *
 * The ReLU derivative is kept as an int mask per row (1 = unit fired),
 * built from the activations p1, which is what the forward pass gave us.
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H;
  int *fired;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  fired = malloc (H * sizeof *fired);
  if (fired == NULL)
    return 1;

  /* output layer */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_add (g->db2, &r.vector);
    }

  /* hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  for (i = 0; i < N; i++)
    {
      for (j = 0; j < H; j++)
        fired[j] = (int) gsl_matrix_get (cache->p1, i, j) ? 1 : 0;
      for (j = 0; j < H; j++)
        gsl_matrix_set (g->dz1, i, j, fired[j] * gsl_matrix_get (g->dp1, i, j));
    }

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, i);
      gsl_vector_add (g->db1, &r.vector);
    }

  free (fired);
  g->present = BP_GRADS_ALL;
  return 0;
}
