/* backward.c
 * Camila Duarte Teixeira - Redes Neurais 2024.1
 * Trabalho 2: gradientes da rede de 2 camadas.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t num_amostras = X->size1;
  size_t i, j;

  if (num_amostras != cache->N || X->size2 != net->D || g->N != num_amostras)
    return 1;

  /* dz2 = (probabilidades - rotulos em one-hot) / num_amostras */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < num_amostras; i++)
    {
      double *linha = gsl_matrix_ptr (g->dz2, i, 0);
      linha[y[i]] -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) num_amostras);

  /* grad_pesos e vies da camada de saida */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < num_amostras; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_add (g->db2, &r.vector);
    }

  /* dp1 = dz2 * W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1: copia dp1 e zera onde z1 <= 0 (unidades desligadas) */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < num_amostras; i++)
    for (j = 0; j < net->H - 1; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* camada de entrada */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < num_amostras; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, i);
      gsl_vector_add (g->db1, &r.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
