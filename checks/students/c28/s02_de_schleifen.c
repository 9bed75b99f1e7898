/*
 * Uebungsblatt 3, Aufgabe 2 -- Rueckwaertsdurchlauf (Backpropagation)
 * des zweischichtigen Netzes.
 *
 * Name: Lena Hoffmann    Matr.-Nr.: 4471203    Tutorium: Do 10-12
 *
 * Alles mit Schleifen und gsl_matrix_get/set, BLAS kommt erst auf
 * Blatt 4.  Reihenfolge: erst dz2, dann dp1 und dz1, die Gewichte am
 * Ende (geht, weil dp1 nur dz2 braucht).
 */

#include <gsl/gsl_matrix.h>
#include <backprop/net.h>
#include <backprop/grads.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t anzahl = X->size1;       /* Anzahl Stichproben */
  const size_t K = net->C;              /* Klassen */
  const size_t H = net->H;
  const size_t D = net->D;
  const double faktor = reg + reg;      /* d/dW (reg * W^2) = 2 reg W */
  size_t n, k, h, d;

  if (anzahl != cache->N || D != X->size2 || g->N != anzahl)
    return 1;

  /* Gradient nach den Scores: (prob - onehot) / anzahl */
  for (n = 0; n < anzahl; n++)
    for (k = 0; k < K; k++)
      {
        double t = gsl_matrix_get (cache->prob, n, k);
        if (k == y[n])
          t = t - 1.0;
        gsl_matrix_set (g->dz2, n, k, t / (double) anzahl);
      }

  /* dp1 = dz2 * W2^T  (Summe ueber die Klassen) */
  for (n = 0; n < anzahl; n++)
    for (h = 0; h < H; h++)
      {
        double summe = 0.0;
        for (k = 0; k < K; k++)
          summe += gsl_matrix_get (g->dz2, n, k) * gsl_matrix_get (net->W2, h, k);
        gsl_matrix_set (g->dp1, n, h, summe);
      }

  /* ReLU rueckwaerts: p1 > 0 genau dann wenn z1 > 0 */
  for (n = 0; n < anzahl; n++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (g->dz1, n, h,
                      gsl_matrix_get (cache->p1, n, h) > 0.0
                      ? gsl_matrix_get (g->dp1, n, h) : 0.0);

  /* zweite Schicht: dW2[h][k] = faktor*W2[h][k] + sum_n p1[n][h] dz2[n][k] */
  for (h = 0; h < H; h++)
    for (k = 0; k < K; k++)
      {
        double s = faktor * gsl_matrix_get (net->W2, h, k);
        for (n = 0; n < anzahl; n++)
          s += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, k);
        gsl_matrix_set (g->dW2, h, k, s);
      }

  /* Bias 2: Spaltensummen von dz2 */
  for (k = 0; k < K; k++)
    {
      double s = 0.0;
      for (n = 0; n < anzahl; n++)
        s += gsl_matrix_get (g->dz2, n, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* erste Schicht */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double s = faktor * gsl_matrix_get (net->W1, d, h);
        for (n = 0; n < anzahl; n++)
          s += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        gsl_matrix_set (g->dW1, d, h, s);
      }

  for (h = 0; h < H; h++)
    {
      double s = 0.0;
      for (n = 0; n < anzahl; n++)
        s += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
