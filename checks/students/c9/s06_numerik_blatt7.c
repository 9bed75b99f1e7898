/* Numerik II, Blatt 7, Aufgabe 3: Backpropagation fuer ein 2-Schicht-Netz
 * K. Brandt, Matr.-Nr. 4471203
 *
 * Alles mit Schleifen, kein BLAS (Aufgabenstellung).
 */
#include "backprop.h"

#define AT(M, i, j) ((M)->data[(i) * (M)->tda + (j)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N, D, H, C, i, j, k;
  double f, s;

  N = X->size1;
  D = net->D;
  H = net->H;
  C = net->C;
  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  f = 1 / N;                    /* Mittelwert ueber den Batch */

  /* dz2 = f * (prob - onehot(y)) */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      AT (g->dz2, i, j) = f * (AT (cache->prob, i, j) - (y[i] == j ? 1.0 : 0.0));

  /* dW2 = p1^T dz2 + 2 reg W2, spaltenweise */
  for (j = 0; j < C; j++)
    for (k = 0; k < H; k++)
      {
        s = 0.0;
        for (i = 0; i < N; i++)
          s += AT (cache->p1, i, k) * AT (g->dz2, i, j);
        AT (g->dW2, k, j) = s + 2.0 * reg * AT (net->W2, k, j);
      }

  /* db2 = Spaltensummen von dz2 */
  for (j = 0; j < C; j++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s += AT (g->dz2, i, j);
      g->db2->data[j * g->db2->stride] = s;
    }

  /* dp1 = dz2 W2^T, dz1 = dp1 .* (z1 > 0) */
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++)
      {
        s = 0.0;
        for (j = 0; j < C; j++)
          s += AT (g->dz2, i, j) * AT (net->W2, k, j);
        AT (g->dp1, i, k) = s;
        AT (g->dz1, i, k) = AT (cache->z1, i, k) > 0.0 ? s : 0.0;
      }

  /* dW1 = X^T dz1 + 2 reg W1 */
  for (k = 0; k < H; k++)
    for (i = 0; i < D; i++)
      {
        s = 0.0;
        for (j = 0; j < N; j++)
          s += AT (X, j, i) * AT (g->dz1, j, k);
        AT (g->dW1, i, k) = s + 2.0 * reg * AT (net->W1, i, k);
      }

  /* db1 */
  for (k = 0; k < H; k++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s += AT (g->dz1, i, k);
      g->db1->data[k * g->db1->stride] = s;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
