/* Backward pass, written the way I write image filters: walk pointers
 * through the row-major data, no get/set calls in the inner loops.
 * (Every matrix here is a full, contiguous block: tda == size2.) */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double invN = 1.0 / (double) N;
  size_t n, i, j;

  /* dz2 */
  {
    const double *pr = cache->prob->data;
    double *out = g->dz2->data;
    for (n = 0; n < N; n++)
      for (j = 0; j < C; j++)
        *out++ = (*pr++ - (j == y[n] ? 1.0 : 0.0)) * invN;
  }

  /* dW2 = p1' dz2 + 2 reg W2 */
  {
    double *out = g->dW2->data;
    const double *w = net->W2->data;
    for (i = 0; i < H; i++)
      for (j = 0; j < C; j++)
        {
          const double *a = cache->p1->data + i;
          const double *b = g->dz2->data + j;
          double s = 0.0;
          for (n = 0; n < N; n++, a += H, b += C)
            s += *a * *b;
          *out++ = s + 2.0 * reg * *w++;
        }
  }

  /* db2 */
  {
    double *out = g->db2->data;
    for (j = 0; j < C; j++)
      {
        const double *b = g->dz2->data + j;
        double s = 0.0;
        for (n = 0; n < N; n++, b += C)
          s += *b;
        *out++ = s;
      }
  }

  /* dp1 = dz2 W2' */
  {
    double *out = g->dp1->data;
    for (n = 0; n < N; n++)
      for (i = 0; i < H; i++)
        {
          const double *a = g->dz2->data + n * C;
          const double *w = net->W2->data + i * C;
          double s = 0.0;
          for (j = 0; j < C; j++)
            s += *a++ * *w++;
          *out++ = s;
        }
  }

  /* dz1 = dp1 where the unit was on */
  {
    const double *pp = cache->p1->data;
    const double *dp = g->dp1->data;
    double *out = g->dz1->data;
    for (n = 0; n < N * H; n++, dp++)
      *out++ = (*pp++ >= 0.0) ? *dp : 0.0;
  }

  /* dW1 = X' dz1 + 2 reg W1 */
  {
    double *out = g->dW1->data;
    const double *w = net->W1->data;
    for (i = 0; i < D; i++)
      for (j = 0; j < H; j++)
        {
          const double *a = X->data + i;
          const double *b = g->dz1->data + j;
          double s = 0.0;
          for (n = 0; n < N; n++, a += D, b += H)
            s += *a * *b;
          *out++ = s + 2.0 * reg * *w++;
        }
  }

  /* db1 */
  {
    double *out = g->db1->data;
    for (j = 0; j < H; j++)
      {
        const double *b = g->dz1->data + j;
        double s = 0.0;
        for (n = 0; n < N; n++, b += H)
          s += *b;
        *out++ = s;
      }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
