/* two-layer net, backward pass -- macros to keep the loops short */

#include "backprop/net.h"
#include "backprop/grads.h"

#define GET(m, i, j) gsl_matrix_get ((m), (i), (j))
#define SET(m, i, j, v) gsl_matrix_set ((m), (i), (j), (v))
#define FOR(i, n) for ((i) = 0; (i) < (n); (i)++)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double s;

  FOR (i, N) FOR (k, C)
    SET (g->dz2, i, k, (GET (cache->prob, i, k) - (k == y[i])) / N);

  FOR (j, H) FOR (k, C)
    {
      s = 2 * reg * GET (net->W2, j, k);
      FOR (i, N) s += GET (cache->p1, i, j) * GET (g->dz2, i, k);
      SET (g->dW2, j, k, s);
    }

  FOR (k, C)
    {
      s = 0;
      FOR (i, N) s += GET (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  FOR (i, N) FOR (j, H)
    {
      s = 0;
      FOR (k, C) s += GET (g->dz2, i, k) * GET (net->W2, j, k);
      SET (g->dp1, i, j, s);
    }

  /* relu lets through where the activation is positive */
  FOR (i, N) FOR (j, H)
    SET (g->dz1, i, j, GET (cache->p1, i, j) >= 0 ? GET (g->dp1, i, j) : 0);

  FOR (k, D) FOR (j, H)
    {
      s = 2 * reg * GET (net->W1, k, j);
      FOR (i, N) s += GET (X, i, k) * GET (g->dz1, i, j);
      SET (g->dW1, k, j, s);
    }

  FOR (j, H)
    {
      s = 0;
      FOR (i, N) s += GET (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
