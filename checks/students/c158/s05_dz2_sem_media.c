/* TP2 - Redes Neurais - backward
 * Lucas Martins de Souza
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
  size_t H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* derivada da perda em relacao aos scores: prob - 1 na classe certa */
  for (i = 0; i < N; i++)
    {
      for (k = 0; k < C; k++)
        {
          double p = gsl_matrix_get (cache->prob, i, k);
          gsl_matrix_set (g->dz2, i, k, k == y[i] ? p - 1.0 : p);
        }
    }

  /* pesos da camada 2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* vies da camada 2 */
  for (k = 0; k < C; k++)
    {
      double soma = 0.0;
      for (i = 0; i < N; i++)
        soma += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, soma);
    }

  /* gradiente que volta pra camada oculta */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double z = gsl_matrix_get (cache->z1, i, j);
        double d = gsl_matrix_get (g->dp1, i, j);
        gsl_matrix_set (g->dz1, i, j, z > 0 ? d : 0.0);
      }

  /* camada 1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  for (j = 0; j < H; j++)
    {
      double soma = 0.0;
      for (i = 0; i < N; i++)
        soma += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, soma);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
