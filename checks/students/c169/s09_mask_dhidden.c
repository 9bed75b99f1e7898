/* backward.c
 * Quinn + Rosa, lab group 7
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define GET gsl_matrix_get
#define SET gsl_matrix_set

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  gsl_matrix *dscores = g->dz2, *dhidden = g->dp1;

  /* softmax + cross entropy together */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      SET (dscores, i, k, (GET (cache->prob, i, k) - (k == y[i])) / N);

  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double t = 0;
        for (i = 0; i < N; i++)
          t += GET (cache->p1, i, j) * GET (dscores, i, k);
        SET (g->dW2, j, k, t + 2 * reg * GET (net->W2, j, k));
      }
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) + GET (dscores, i, k));

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double t = 0;
        for (k = 0; k < C; k++)
          t += GET (dscores, i, k) * GET (net->W2, j, k);
        SET (dhidden, i, j, t);
      }

  /* relu backward: gradient only passes where it is positive */
  // A: "dhidden[dhidden < 0] = 0" from our numpy version
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      SET (g->dz1, i, j, GET (dhidden, i, j) > 0 ? GET (dhidden, i, j) : 0.0);

  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double t = 0;
        for (i = 0; i < N; i++)
          t += GET (X, i, k) * GET (g->dz1, i, j);
        SET (g->dW1, k, j, t + 2 * reg * GET (net->W1, k, j));
      }
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + GET (g->dz1, i, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
