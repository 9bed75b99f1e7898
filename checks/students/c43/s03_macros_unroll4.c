// backward.c -- backprop HW.  Contest template style: F() loops, inner
// products unrolled by 4 with a switch for the tail.
#include <string.h>
#include "backprop.h"

#define F(i, n) for (size_t i = 0; i < (size_t) (n); ++i)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

// s = sum_{t<n} a[t*sa] * b[t*sb], 4 at a time
static double dot (const double *a, size_t sa, const double *b, size_t sb, size_t n)
{
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0; size_t t = 0;
  for (; t + 4 <= n; t += 4)
    s0 += a[t*sa] * b[t*sb], s1 += a[(t+1)*sa] * b[(t+1)*sb],
    s2 += a[(t+2)*sa] * b[(t+2)*sb], s3 += a[(t+3)*sa] * b[(t+3)*sb];
  switch (n - t) {
    case 3: s2 += a[(t+2)*sa] * b[(t+2)*sb]; /* fall through */
    case 2: s1 += a[(t+1)*sa] * b[(t+1)*sb]; /* fall through */
    case 1: s0 += a[t*sa] * b[t*sb]; /* fall through */
    default: break;
  }
  return (s0 + s1) + (s2 + s3);
}

static const double one[1] = { 1.0 };

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double q = 1.0 / N, rr = 2 * reg;
  const double *x = X->data, *pr = cache->prob->data, *p = cache->p1->data, *z = cache->z1->data;
  const double *w1 = net->W1->data, *w2 = net->W2->data;
  double *a = g->dz2->data, *b = g->dp1->data, *c = g->dz1->data;

  if (g->N != N || X->size2 != D) return 1;

  F(i, N) { F(k, C) a[i*C + k] = pr[i*C + k] * q; a[i*C + y[i]] -= q; }
  F(j, H) F(k, C) g->dW2->data[j*C + k] = dot (p + j, H, a + k, C, N) + rr * w2[j*C + k];
  F(k, C) g->db2->data[k] = dot (a + k, C, one, 0, N);
  F(i, N) F(j, H) b[i*H + j] = dot (a + i*C, 1, w2 + j*C, 1, C);
  F(t, N * H) c[t] = (z[t] > 0) * b[t];
  F(d, D) F(j, H) g->dW1->data[d*H + j] = dot (x + d, D, c + j, H, N) + rr * w1[d*H + j];
  F(j, H) g->db1->data[j] = dot (c + j, H, one, 0, N);

  g->present = BP_GRADS_ALL;
  return 0;
}
