/* backward.c -- two layer net, HW3
 * Lucas Ferreira
 *
 * TODO: clean up the helpers, some of them I copied from HW2
 */

#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* C = A^T B   (np.dot(A.T, B)) */
static void
dot_AtB (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, C);
}

/* C = A B^T   (np.dot(A, B.T)) */
static void
dot_ABt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, A, B, 0.0, C);
}

/* np.sum(A, axis=0) */
static void
sum0 (const gsl_matrix *A, gsl_vector *v)
{
  gsl_vector_set_zero (v);
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      v->data[j * v->stride] += A->data[i * A->tda + j];
}

/* W_grad += 2 * reg * W */
static void
add_l2 (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      gsl_matrix_set (dW, i, j,
                      gsl_matrix_get (dW, i, j) + 2 * reg * gsl_matrix_get (W, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores = probs / N, then the -1 at the correct class */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_scale (g->dz2, 1.0 / N);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);

  /* second layer */
  dot_AtB (cache->p1, g->dz2, g->dW2);
  add_l2 (g->dW2, net->W2, reg);
  sum0 (g->dz2, g->db2);

  /* back into the hidden layer */
  dot_ABt (g->dz2, net->W2, g->dp1);

  /* relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double d = gsl_matrix_get (g->dp1, i, j);
        if (gsl_matrix_get (cache->z1, i, j) <= 0)
          d = 0;
        gsl_matrix_set (g->dz1, i, j, d);
      }

  /* first layer */
  dot_AtB (X, g->dz1, g->dW1);
  add_l2 (g->dW1, net->W1, reg);
  sum0 (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
