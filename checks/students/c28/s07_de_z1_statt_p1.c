/*
 * Praktikum Maschinelles Lernen, Aufgabe 4: backward()
 * Gruppe 12: Jonas Becker, Murat Yilmaz
 *
 * Verlust = mittlere Kreuzentropie + reg * (|W1|^2 + |W2|^2)
 * Gradienten mit BLAS (dgemm), die Bias-Summen mit Schleifen.
 */

#include <gsl/gsl_blas.h>
#include <backprop/net.h>
#include <backprop/grads.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* Spaltensumme: b[j] = sum_i M(i,j) */
static void
spaltensumme (const gsl_matrix *M, gsl_vector *b)
{
  for (size_t j = 0; j < M->size2; j++)
    {
      double s = 0.0;
      for (size_t i = 0; i < M->size1; i++)
        s += gsl_matrix_get (M, i, j);
      gsl_vector_set (b, j, s);
    }
}

/* dW += 2 reg W */
static void
l2_dazu (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      gsl_matrix_set (dW, i, j, gsl_matrix_get (dW, i, j)
                      + 2.0 * reg * gsl_matrix_get (W, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t n = X->size1;
  const size_t kl = net->C;   /* Klassen */

  if (n != cache->N || X->size2 != net->D || g->N != n)
    return 1;

  /* Fehler am Ausgang */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < n; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / n);
  (void) kl;

  /* Gewichtsgradient: Eingang der Schicht (transponiert) mal Fehler */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->z1, g->dz2, 0.0, g->dW2);
  l2_dazu (g->dW2, net->W2, reg);
  spaltensumme (g->dz2, g->db2);

  /* zurueck in die versteckte Schicht */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* erste Schicht */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  l2_dazu (g->dW1, net->W1, reg);
  spaltensumme (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
