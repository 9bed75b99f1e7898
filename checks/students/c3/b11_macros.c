/* backward.c -- macros for everything, so the loops read like the maths.
 * The matrices are full row-major blocks, entry (r, c) at r * cols + c. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

#define FOR(i, n)     for (size_t i = 0; i < (n); i++)
#define ONEHOT(n, c)  ((c) == y[n] ? 1.0 : 0.0)

#define XX(n, d)      (X->data[(n) * D + (d)])
#define W1(d, h)      (net->W1->data[(d) * H + (h)])
#define W2(h, c)      (net->W2->data[(h) * C + (c)])
#define Z1(n, h)      (cache->z1->data[(h) * N + (n)])
#define P1(n, h)      (cache->p1->data[(n) * H + (h)])
#define PROB(n, c)    (cache->prob->data[(n) * C + (c)])

#define DZ2(n, c)     (g->dz2->data[(n) * C + (c)])
#define DW2(h, c)     (g->dW2->data[(h) * C + (c)])
#define DB2(c)        (g->db2->data[(c)])
#define DP1(n, h)     (g->dp1->data[(n) * H + (h)])
#define DZ1(n, h)     (g->dz1->data[(n) * H + (h)])
#define DW1(d, h)     (g->dW1->data[(d) * H + (h)])
#define DB1(h)        (g->db1->data[(h)])

#define RELU_GRAD(z)  ((z) > 0.0 ? 1.0 : 0.0)
#define L2_GRAD(w)    (2.0 * reg * (w))

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  FOR (n, N) FOR (c, C)
    DZ2 (n, c) = (PROB (n, c) - ONEHOT (n, c)) / N;

  FOR (h, H) FOR (c, C)
    {
      DW2 (h, c) = L2_GRAD (W2 (h, c));
      FOR (n, N)
        DW2 (h, c) += P1 (n, h) * DZ2 (n, c);
    }

  FOR (c, C)
    {
      DB2 (c) = 0.0;
      FOR (n, N)
        DB2 (c) += DZ2 (n, c);
    }

  FOR (n, N) FOR (h, H)
    {
      DP1 (n, h) = 0.0;
      FOR (c, C)
        DP1 (n, h) += DZ2 (n, c) * W2 (h, c);
    }

  FOR (n, N) FOR (h, H)
    DZ1 (n, h) = DP1 (n, h) * RELU_GRAD (Z1 (n, h));

  FOR (d, D) FOR (h, H)
    {
      DW1 (d, h) = L2_GRAD (W1 (d, h));
      FOR (n, N)
        DW1 (d, h) += XX (n, d) * DZ1 (n, h);
    }

  FOR (h, H)
    {
      DB1 (h) = 0.0;
      FOR (n, N)
        DB1 (h) += DZ1 (n, h);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
