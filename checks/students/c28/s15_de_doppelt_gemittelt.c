/*
 * Hausaufgabe 5: Backpropagation fuer das Zwei-Schichten-Netz
 * Felix Wagner (Matrikel 3318842), zusammen mit Sophie Klein besprochen
 *
 * Wie im numpy-Code aus der Vorlesung:
 *   dscores = probs; dscores[range(N), y] -= 1; dscores /= N
 *   dW2 = h1.T @ dscores ; ...
 */

#include <gsl/gsl_blas.h>
#include <backprop/net.h>
#include <backprop/grads.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* Verlust-Gradient der Gewichte: dW += 2 * reg * W */
static void
reg_gradient (double reg, const gsl_matrix *W, gsl_matrix *dW)
{
  size_t a, b;
  for (a = 0; a < W->size1; a++)
    for (b = 0; b < W->size2; b++)
      gsl_matrix_set (dW, a, b, gsl_matrix_get (dW, a, b) + 2.0 * reg * gsl_matrix_get (W, a, b));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t anzahl = X->size1;
  const size_t H = net->H, C = net->C;
  size_t i, j;

  if (anzahl != cache->N || X->size2 != net->D || g->N != anzahl)
    return 1;

  /* dscores */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < anzahl; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / anzahl);

  /* zweite Schicht */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  reg_gradient (reg, net->W2, g->dW2);
  for (j = 0; j < C; j++)
    {
      double sum = 0.0;
      for (i = 0; i < anzahl; i++)
        sum += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, sum);
    }

  /* versteckte Schicht */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < anzahl; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* erste Schicht */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_matrix_scale (g->dW1, 1.0 / anzahl);     /* Mittelwert ueber die Stichproben */
  reg_gradient (reg, net->W1, g->dW1);
  for (j = 0; j < H; j++)
    {
      double sum = 0.0;
      for (i = 0; i < anzahl; i++)
        sum += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, sum);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
