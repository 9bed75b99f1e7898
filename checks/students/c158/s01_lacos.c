/* backward.c -- Trabalho 2 de Redes Neurais
 * Aluno: Joao Pedro Albuquerque
 *
 * Retropropagacao da rede de duas camadas, feita so com lacos
 * (gsl_matrix_get / gsl_matrix_set), na ordem do enunciado. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double soma;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 = (prob - y_onehot) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double v = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          v -= 1.0;
        gsl_matrix_set (g->dz2, i, k, v / N);
      }

  /* 2. dW2 = p1' dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        soma = 0.0;
        for (i = 0; i < N; i++)
          soma += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k,
                        soma + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* 3. db2 = soma das linhas de dz2 */
  for (k = 0; k < C; k++)
    {
      soma = 0.0;
      for (i = 0; i < N; i++)
        soma += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, soma);
    }

  /* 4. dp1 = dz2 W2' */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        soma = 0.0;
        for (k = 0; k < C; k++)
          soma += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, soma);
      }

  /* 5. dz1: a ReLU so deixa passar onde z1 > 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0.0);
      }

  /* 6. dW1 = X' dz1 + 2 reg W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        soma = 0.0;
        for (i = 0; i < N; i++)
          soma += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j,
                        soma + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
      }

  /* 7. db1 */
  for (j = 0; j < H; j++)
    {
      soma = 0.0;
      for (i = 0; i < N; i++)
        soma += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, soma);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
