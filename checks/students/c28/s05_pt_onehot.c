/* Trabalho 2 - Redes Neurais (backward da rede de duas camadas)
 * Aluno: Joao Pedro Almeida   RA 218334
 *
 * Usei BLAS onde deu.  Os comentarios estao em portugues mesmo.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* soma das colunas de M em v */
static void
soma_colunas (const gsl_matrix *M, gsl_vector *v)
{
  size_t i, j;
  gsl_vector_set_zero (v);
  for (i = 0; i < M->size1; i++)
    for (j = 0; j < M->size2; j++)
      gsl_vector_set (v, j, gsl_vector_get (v, j) + gsl_matrix_get (M, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t nA = X->size1;         /* amostras */
  size_t nH = net->H;
  size_t i, j;

  if (nA != cache->N || X->size2 != net->D || g->N != nA)
    return 1;

  /* gradiente_saida: probs / N e depois tira 1 na classe certa */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_scale (g->dz2, 1.0 / (double) nA);
  for (i = 0; i < nA; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);

  /* camada 2: dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  soma_colunas (g->dz2, g->db2);

  /* volta para a camada escondida */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* ReLU */
  for (i = 0; i < nA; i++)
    for (j = 0; j < nH; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0.0);
      }

  /* camada 1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  soma_colunas (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
