/* Esercitazione backprop - Giordano Luca
 * Passo all'indietro della rete X -> affine -> relu -> affine -> softmax
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define GET(M, i, j)     gsl_matrix_get ((M), (i), (j))
#define SET(M, i, j, v)  gsl_matrix_set ((M), (i), (j), (v))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* softmax + cross entropy */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      SET (g->dz2, i, k, (GET (cache->prob, i, k) - (y[i] == k ? 1.0 : 0.0)) / N);

  /* uscita: dW2 = p1' dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  for (k = 0; k < C; k++)
    {
      double somma = 0.0;
      for (i = 0; i < N; i++)
        somma += GET (g->dz2, i, k);
      gsl_vector_set (g->db2, k, somma);
    }

  /* dp1 e relu */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      SET (g->dz1, i, j, GET (cache->z1, i, j) > 0.0 ? GET (g->dp1, i, j) : 0.0);

  /* primo strato: la derivata di reg*|W1|^2 e' reg*W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double somma = 0.0;
        for (i = 0; i < N; i++)
          somma += GET (X, i, k) * GET (g->dz1, i, j);
        SET (g->dW1, k, j, somma + reg * GET (net->W1, k, j));
      }
  for (j = 0; j < H; j++)
    {
      double somma = 0.0;
      for (i = 0; i < N; i++)
        somma += GET (g->dz1, i, j);
      gsl_vector_set (g->db1, j, somma);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
