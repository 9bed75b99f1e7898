/* backward.c  --  Thiago Barbosa Pereira
 * Redes Neurais, Lista 2, exercicio 4 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t num_amostras = X->size1;
  size_t entradas = net->D, ocultos = net->H, classes = net->C;
  size_t i, j, k;

  if (num_amostras != cache->N || X->size2 != entradas || g->N != num_amostras)
    return 1;

  /* dz2 */
  for (i = 0; i < num_amostras; i++) {
    for (k = 0; k < classes; k++) {
      double alvo = 0.0;
      if (y[i] == k)
        alvo = 1.0;
      gsl_matrix_set (g->dz2, i, k,
                      (gsl_matrix_get (cache->prob, i, k) - alvo) / num_amostras);
    }
  }

  /* dW2[j][k] = sum_i p1[i][j] * dz2[i][k]  (+ regularizacao) */
  for (j = 0; j < ocultos; j++) {
    for (k = 0; k < classes; k++) {
      double soma = 0.0;
      for (i = 0; i < num_amostras - 1; i++)
        soma += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
      soma += 2 * reg * gsl_matrix_get (net->W2, j, k);
      gsl_matrix_set (g->dW2, j, k, soma);
    }
  }

  /* db2 */
  for (k = 0; k < classes; k++) {
    double soma = 0.0;
    for (i = 0; i < num_amostras; i++)
      soma += gsl_matrix_get (g->dz2, i, k);
    gsl_vector_set (g->db2, k, soma);
  }

  /* dp1[i][j] = sum_k dz2[i][k] * W2[j][k] */
  for (i = 0; i < num_amostras; i++) {
    for (j = 0; j < ocultos; j++) {
      double soma = 0.0;
      for (k = 0; k < classes; k++)
        soma += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
      gsl_matrix_set (g->dp1, i, j, soma);
    }
  }

  /* dz1 */
  for (i = 0; i < num_amostras; i++)
    for (j = 0; j < ocultos; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0);

  /* dW1[d][j] = sum_i X[i][d] * dz1[i][j]  (+ regularizacao) */
  for (k = 0; k < entradas; k++) {
    for (j = 0; j < ocultos; j++) {
      double soma = 0.0;
      for (i = 0; i < num_amostras; i++)
        soma += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
      soma += 2 * reg * gsl_matrix_get (net->W1, k, j);
      gsl_matrix_set (g->dW1, k, j, soma);
    }
  }

  /* db1 */
  for (j = 0; j < ocultos; j++) {
    double soma = 0.0;
    for (i = 0; i < num_amostras; i++)
      soma += gsl_matrix_get (g->dz1, i, j);
    gsl_vector_set (g->db1, j, soma);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
