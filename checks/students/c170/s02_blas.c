/*
 * backward.c  --  Hausaufgabe Neuronale Netze, Blatt 5
 *
 * Matrixprodukte mit gsl_blas_dgemm, Biasgradienten ueber eine kleine
 * Hilfsfunktion.  Zeilen = Beispiele (wie in der Vorlesung).
 */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* summe ueber alle Zeilen von A, ergebnis hat A->size2 Eintraege */
static void
spaltensumme (const gsl_matrix *A, gsl_vector *ergebnis)
{
  size_t zeile, spalte;

  gsl_vector_set_zero (ergebnis);
  for (zeile = 0; zeile < A->size1; zeile++)
    for (spalte = 0; spalte < A->size2; spalte++)
      gsl_vector_set (ergebnis, spalte,
                      gsl_vector_get (ergebnis, spalte)
                      + gsl_matrix_get (A, zeile, spalte));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n, anzahl_beispiele = X->size1;

  if (anzahl_beispiele != cache->N || X->size2 != net->D
      || g->N != anzahl_beispiele)
    return 1;

  /* dz2 = (prob - onehot(y)) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < anzahl_beispiele; n++)
    gsl_matrix_set (g->dz2, n, y[n], gsl_matrix_get (g->dz2, n, y[n]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / anzahl_beispiele);

  /* dW2 = p1' dz2 + 2 reg W2  (erst W2 reinkopieren, dann beta = 2 reg) */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2 */
  spaltensumme (g->dz2, g->db2);

  /* dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 * relu'(z1) */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (n = 0; n < anzahl_beispiele; n++)
    {
      size_t h;
      for (h = 0; h < net->H; h++)
        if (gsl_matrix_get (cache->z1, n, h) <= 0.0)
          gsl_matrix_set (g->dz1, n, h, 0.0);
    }

  /* dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  spaltensumme (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
