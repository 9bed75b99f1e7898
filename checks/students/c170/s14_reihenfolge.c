/* Blatt 4, Aufgabe 2 (Backprop)
 *
 * dz2 = softmax(z2) - onehot(y), gemittelt ueber die Beispiele
 * dann wie in der Vorlesung rueckwaerts.
 */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *, const gsl_matrix *, const size_t *, double,
              const bp_cache *, bp_grads *);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* Ausgangsfehler: erst mitteln, dann die richtige Klasse abziehen */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);
  for (i = 0; i < N; i++)
    {
      double p = gsl_matrix_get (g->dz2, i, y[i]);
      gsl_matrix_set (g->dz2, i, y[i], p - 1.0);
    }

  /* zweite Schicht */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  for (j = 0; j < net->C; j++)
    {
      gsl_vector_const_view spalte = gsl_matrix_const_column (g->dz2, j);
      double summe = 0.0;
      for (i = 0; i < N; i++)
        summe += gsl_vector_get (&spalte.vector, i);
      gsl_vector_set (g->db2, j, summe);
    }

  /* verborgene Schicht */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double z = gsl_matrix_get (cache->z1, i, j);
        gsl_matrix_set (g->dz1, i, j, z > 0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);
      }

  /* erste Schicht */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);
  for (j = 0; j < net->H; j++)
    {
      gsl_vector_const_view spalte = gsl_matrix_const_column (g->dz1, j);
      double summe = 0.0;
      for (i = 0; i < N; i++)
        summe += gsl_vector_get (&spalte.vector, i);
      gsl_vector_set (g->db1, j, summe);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
