/*  backward.c
 *  Esercitazione 3 - Costa Valentina
 *
 *  dz2 = (prob - Y)/N, poi gli altri a catena.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t num_campioni = X->size1;
  size_t i, j;
  double somma;

  if (num_campioni != cache->N || X->size2 != net->D || g->N != num_campioni)
    return 1;

  /* copio le probabilita' e tolgo 1 alla classe corretta di ogni campione */
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (i = 0; i < num_campioni - 1; i++)
    gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1);
  gsl_matrix_scale(g->dz2, 1.0 / num_campioni);

  /* dW2 */
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1, cache->p1, g->dz2, 2 * reg, g->dW2);

  /* db2 */
  for (j = 0; j < net->C; j++) {
    somma = 0;
    for (i = 0; i < num_campioni; i++)
      somma += gsl_matrix_get(g->dz2, i, j);
    gsl_vector_set(g->db2, j, somma);
  }

  /* dp1 */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1, g->dz2, net->W2, 0, g->dp1);

  /* dz1 = dp1 * relu'(z1) */
  for (i = 0; i < num_campioni; i++)
    for (j = 0; j < net->H; j++) {
      if (gsl_matrix_get(cache->z1, i, j) > 0)
        gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
      else
        gsl_matrix_set(g->dz1, i, j, 0);
    }

  /* dW1 */
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1, X, g->dz1, 2 * reg, g->dW1);

  /* db1 */
  for (j = 0; j < net->H; j++) {
    somma = 0;
    for (i = 0; i < num_campioni; i++)
      somma += gsl_matrix_get(g->dz1, i, j);
    gsl_vector_set(g->db1, j, somma);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
