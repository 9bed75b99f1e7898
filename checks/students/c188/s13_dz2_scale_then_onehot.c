/* backward pass (opgave 3b)
 * G = P/N - Y/N, eerst schalen en dan de one-hot eraf */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define GET gsl_matrix_get
#define SET gsl_matrix_set

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, i, j;
  gsl_matrix *G = g->dz2;

  /* G = (P - Y)/N */
  gsl_matrix_memcpy (G, cache->prob);
  gsl_matrix_scale (G, 1.0 / N);
  for (i = 0; i < N; i++)
    SET (G, i, y[i], GET (G, i, y[i]) - 1.0);

  /* dW2 = A1^T G + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, G, 2.0 * reg, g->dW2);

  /* db2 = sum_i G(i,:) */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_vector_set (g->db2, j, gsl_vector_get (g->db2, j) + GET (G, i, j));

  /* Gh = G W2^T, dZ1 = Gh .* (Z1 > 0) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, G, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      SET (g->dz1, i, j, GET (cache->z1, i, j) > 0 ? GET (g->dp1, i, j) : 0.0);

  /* dW1 = X^T dZ1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 = sum_i dZ1(i,:) */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + GET (g->dz1, i, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
