/*
 *  backward.c   --   Lena Vogt, Matr.-Nr. 4471920
 *  Uebung 3, Aufgabe 2: Backpropagation fuer das zweischichtige Netz
 *
 *  Reihenfolge: erst die Regularisierung in dW1/dW2 schreiben,
 *  dann die Datenterme per dgemm dazu.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  gsl_matrix *T = gsl_matrix_calloc (N, net->C);   /* Zielmatrix (one-hot) */
  gsl_matrix *A = gsl_matrix_alloc (N, net->H);    /* aktive ReLUs */
  gsl_vector *eins = gsl_vector_alloc (N);
  gsl_vector_set_all (eins, 1.0);

  /* Regularisierung: dW = 2 reg W */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);

  /* Ausgabeschicht */
  for (size_t n = 0; n < N; n++)
    gsl_matrix_set (T, n, y[n], 1.0);
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, T);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, eins, 0.0, g->db2);

  /* versteckte Schicht */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < net->H; h++)
      gsl_matrix_set (A, n, h, gsl_matrix_get (cache->z1, n, h) > 0.0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, A);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, eins, 0.0, g->db1);

  gsl_matrix_free (T);
  gsl_matrix_free (A);
  gsl_vector_free (eins);
  g->present = BP_GRADS_ALL;
  return 0;
}
