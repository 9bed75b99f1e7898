/* Trabalho 2 -- backward
 * Isabela Moura Cavalcanti
 *
 * Funcoes auxiliares: adiciona_reg() e soma_colunas(), usadas nas duas
 * camadas.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

/* derivada de reg * |W|^2 em relacao a W, somada em grad */
static void
adiciona_reg (gsl_matrix *grad, const gsl_matrix *W, double reg)
{
  size_t a, b;
  for (a = 0; a < W->size1; a++)
    for (b = 0; b < W->size2; b++)
      gsl_matrix_set (grad, a, b, gsl_matrix_get (grad, a, b)
                      + reg * gsl_matrix_get (W, a, b));
}

static void
soma_colunas (const gsl_matrix *M, gsl_vector *v)
{
  size_t a;
  gsl_vector_set_zero (v);
  for (a = 0; a < M->size1; a++)
    {
      gsl_vector_const_view linha = gsl_matrix_const_row (M, a);
      gsl_vector_add (v, &linha.vector);
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2, db2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  adiciona_reg (g->dW2, net->W2, reg);
  soma_colunas (g->dz2, g->db2);

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) > 0)
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
      else
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* dW1, db1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  adiciona_reg (g->dW1, net->W1, reg);
  soma_colunas (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
