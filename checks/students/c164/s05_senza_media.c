/* backward.c - Esercizio 4, rete a due strati
 * Romano Chiara
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, c;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* derivata della cross-entropy rispetto ai punteggi:
   * prob - 1 sulla classe giusta (la media sul batch si fa alla fine) */
  for (i = 0; i < N; i++) {
    for (c = 0; c < C; c++) {
      double uno = (c == y[i]) ? 1.0 : 0.0;
      gsl_matrix_set (g->dz2, i, c, gsl_matrix_get (cache->prob, i, c) - uno);
    }
  }

  /* pesi di uscita */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* bias di uscita */
  for (c = 0; c < C; c++) {
    double somma = 0.0;
    for (i = 0; i < N; i++)
      somma += gsl_matrix_get (g->dz2, i, c);
    gsl_vector_set (g->db2, c, somma);
  }

  /* all'indietro nello strato nascosto */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                  2.0 * reg, g->dW1);

  for (j = 0; j < H; j++) {
    double somma = 0.0;
    for (i = 0; i < N; i++)
      somma += gsl_matrix_get (g->dz1, i, j);
    gsl_vector_set (g->db1, j, somma);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
