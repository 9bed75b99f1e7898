/* Opdracht 3: backward pass.
 * L = -(1/N) sum log P(i,y_i) + reg(||W1||^2 + ||W2||^2) */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, i, j;
  gsl_matrix *G = g->dz2, *Gh = g->dp1, *dZ1 = g->dz1;
  const gsl_matrix *Z1 = cache->z1, *A1 = cache->p1;

  /* G = P - Y   (dL/dZ2) */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (G, i, j, gsl_matrix_get (cache->prob, i, j) - (j == y[i]));

  /* dW2 = A1^T G + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1, A1, G, 2 * reg, g->dW2);

  /* db2 = som over de rijen van G */
  for (j = 0; j < C; j++) {
    double s = 0;
    for (i = 0; i < N; i++) s += gsl_matrix_get (G, i, j);
    gsl_vector_set (g->db2, j, s);
  }

  /* Gh = G W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1, G, net->W2, 0, Gh);

  /* dZ1 = Gh * 1(Z1 > 0) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (dZ1, i, j, gsl_matrix_get (Z1, i, j) > 0 ? gsl_matrix_get (Gh, i, j) : 0);

  /* dW1 = X^T dZ1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1, X, dZ1, 2 * reg, g->dW1);

  /* db1 */
  for (j = 0; j < H; j++) {
    double s = 0;
    for (i = 0; i < N; i++) s += gsl_matrix_get (dZ1, i, j);
    gsl_vector_set (g->db1, j, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
