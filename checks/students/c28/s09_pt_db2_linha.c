/* EP2 - MAC0460 - retropropagacao da rede de 2 camadas
 * Nome: Mariana Souza Lima    NUSP 11223344
 *
 * Uso views do GSL (linha/coluna) para nao copiar nada.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double
soma_vetor (const gsl_vector *v)
{
  double s = 0.0;
  size_t k;
  for (k = 0; k < v->size; k++)
    s += gsl_vector_get (v, k);
  return s;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t m = X->size1;          /* numero de amostras */
  size_t nc = net->C;           /* numero de classes */
  size_t i, j;

  if (m != cache->N || X->size2 != net->D || g->N != m)
    return 1;

  /* dz2 = (probs - y_onehot) / m */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < m; i++)
    {
      gsl_vector_view linha = gsl_matrix_row (g->dz2, i);
      gsl_vector_set (&linha.vector, y[i], gsl_vector_get (&linha.vector, y[i]) - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) m);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

  /* gradiente do vies 2: soma de cada coluna de dz2 */
  for (j = 0; j < nc; j++)
    {
      gsl_vector_const_view coluna = gsl_matrix_const_row (g->dz2, j);
      gsl_vector_set (g->db2, j, soma_vetor (&coluna.vector));
    }

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 onde z1 > 0 */
  for (i = 0; i < m; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1: aqui a coluna certa */
  for (j = 0; j < net->H; j++)
    {
      gsl_vector_const_view coluna = gsl_matrix_const_column (g->dz1, j);
      gsl_vector_set (g->db1, j, soma_vetor (&coluna.vector));
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
