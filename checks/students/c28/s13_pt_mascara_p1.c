/* Lista 4 -- Aprendizado de Maquina
 * backward() da rede de duas camadas (ReLU + softmax)
 * Aluno: Rafael Cardoso Nunes
 *
 * obs: a mascara da ReLU eu tiro de p1 porque p1 = max(0, z1) ja esta
 * pronto no cache.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t qtd = X->size1;        /* quantidade de exemplos */
  size_t cl = net->C;           /* classes */
  size_t i, j;
  gsl_vector *uns;

  if (qtd != cache->N || X->size2 != net->D || g->N != qtd)
    return 1;

  /* gradiente_saida */
  for (i = 0; i < qtd; i++)
    for (j = 0; j < cl; j++)
      {
        double alvo = (y[i] == j) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, i, j, (gsl_matrix_get (cache->prob, i, j) - alvo) / qtd);
      }

  /* vetor de uns para somar as linhas */
  uns = gsl_vector_alloc (qtd);
  gsl_vector_set_all (uns, 1.0);

  /* camada de saida */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_matrix_scale (g->dW2, 1.0);
  for (i = 0; i < net->H; i++)
    for (j = 0; j < cl; j++)
      gsl_matrix_set (g->dW2, i, j, gsl_matrix_get (g->dW2, i, j) + 2 * reg * gsl_matrix_get (net->W2, i, j));
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, uns, 0.0, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* ReLU: passa o gradiente onde o neuronio estava ativo */
  for (i = 0; i < qtd; i++)
    for (j = 0; j < net->H; j++)
      {
        if (gsl_matrix_get (cache->p1, i, j) >= 0.0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0.0);
      }

  /* camada escondida */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (i = 0; i < net->D; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j) + 2 * reg * gsl_matrix_get (net->W1, i, j));
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, uns, 0.0, g->db1);

  gsl_vector_free (uns);
  g->present = BP_GRADS_ALL;
  return 0;
}
