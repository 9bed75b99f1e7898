/* backward.c -- backward pass, numpy style.
 *
 * A tiny "ndarray" (data, rows, cols) so the C can follow my numpy
 * nearly word for word.  Every array made here is arr_free'd below.
 */

#include <stdlib.h>
#include "backprop.h"

typedef struct { double *d; size_t r, c; } arr;

static arr arr_new(size_t r, size_t c)
{
  arr a;
  a.d = calloc(r * c, sizeof(double));
  a.r = r;
  a.c = c;
  return a;
}

static void arr_free(arr a) { free(a.d); }

static arr arr_from(const gsl_matrix *m)            /* np.array(m) */
{
  size_t i, j;
  arr a = arr_new(m->size1, m->size2);
  for (i = 0; i < a.r; i++)
    for (j = 0; j < a.c; j++)
      a.d[i * a.c + j] = gsl_matrix_get(m, i, j);
  return a;
}

static void arr_to(gsl_matrix *m, arr a)
{
  size_t i, j;
  for (i = 0; i < a.r; i++)
    for (j = 0; j < a.c; j++)
      gsl_matrix_set(m, i, j, a.d[i * a.c + j]);
}

/* A.T.dot(B):  A (n, m), B (n, p)  ->  (m, p) */
static arr dot_T(arr A, arr B)
{
  size_t i, j, k;
  arr out = arr_new(A.c, B.c);
  for (i = 0; i < A.c; i++)
    for (j = 0; j < B.c; j++)
      for (k = 0; k < A.r; k++)
        out.d[i * B.c + j] += A.d[i * A.r + k] * B.d[k * B.c + j];
  return out;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j, k;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  arr x = arr_from(X), h = arr_from(cache->p1), z1 = arr_from(cache->z1);
  arr W1 = arr_from(net->W1), W2 = arr_from(net->W2);

  /* dscores = probs.copy(); dscores[range(N), y] -= 1; dscores /= N */
  arr dscores = arr_from(cache->prob);
  for (i = 0; i < N; i++)
    dscores.d[i * dscores.c + y[i]] -= 1.0;
  for (i = 0; i < dscores.r * dscores.c; i++)
    dscores.d[i] /= (double) N;
  arr_to(g->dz2, dscores);

  /* dW2 = h.T.dot(dscores) + 2 * reg * W2 */
  arr dW2 = dot_T(h, dscores);
  for (i = 0; i < dW2.r * dW2.c; i++)
    dW2.d[i] += 2 * reg * W2.d[i];
  arr_to(g->dW2, dW2);

  /* db2 = np.sum(dscores, axis=0) */
  for (j = 0; j < dscores.c; j++) {
    double s = 0;
    for (i = 0; i < N; i++)
      s += dscores.d[i * dscores.c + j];
    gsl_vector_set(g->db2, j, s);
  }

  /* dhidden = dscores.dot(W2.T) */
  arr dhidden = arr_new(N, W2.r);
  for (i = 0; i < N; i++)
    for (j = 0; j < W2.r; j++)
      for (k = 0; k < W2.c; k++)
        dhidden.d[i * dhidden.c + j] += dscores.d[i * dscores.c + k] * W2.d[j * W2.c + k];
  arr_to(g->dp1, dhidden);

  /* dhidden[z1 <= 0] = 0 */
  for (i = 0; i < dhidden.r * dhidden.c; i++)
    if (z1.d[i] <= 0)
      dhidden.d[i] = 0;
  arr_to(g->dz1, dhidden);

  /* dW1 = X.T.dot(dhidden) + 2 * reg * W1 */
  arr dW1 = dot_T(x, dhidden);
  for (i = 0; i < dW1.r * dW1.c; i++)
    dW1.d[i] += 2 * reg * W1.d[i];
  arr_to(g->dW1, dW1);

  /* db1 = np.sum(dhidden, axis=0) */
  for (j = 0; j < dhidden.c; j++) {
    double s = 0;
    for (i = 0; i < N; i++)
      s += dhidden.d[i * dhidden.c + j];
    gsl_vector_set(g->db1, j, s);
  }

  arr_free(x); arr_free(h); arr_free(z1); arr_free(W1); arr_free(W2);
  arr_free(dscores); arr_free(dW2); arr_free(dhidden); arr_free(dW1);
  g->present = BP_GRADS_ALL;
  return 0;
}
