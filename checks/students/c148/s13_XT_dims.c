/* hw3 backward pass
 * temporaries are arrays on the stack (the nets in this homework are tiny)
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* res (m x n) = a (m x k) . b (k x n) */
static void mat_mul(const double *a, const double *b, double *res, int m, int k, int n)
{
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      double s = 0;
      for (int t = 0; t < k; ++t) s += a[i * k + t] * b[t * n + j];
      res[i * n + j] = s;
    }
  }
}

/* res = a^T for a (m x n) */
static void mat_T(const double *a, double *res, int m, int n)
{
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) res[j * m + i] = a[i * n + j];
}

/* res[j] = sum_i a[i][j] */
static void col_sums(const double *a, double *res, int m, int n)
{
  for (int j = 0; j < n; ++j) {
    res[j] = 0;
    for (int i = 0; i < m; ++i) res[j] += a[i * n + j];
  }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  const int N = X->size1, D = net->D, H = net->H, C = net->C;
  double p1T[H * N], W2T[C * H], XT[D * N];

  // 1. dz2
  for (int i = 0; i < N; ++i) {
    for (int j = 0; j < C; ++j) {
      double p = cache->prob->data[i * C + j];
      if ((size_t) j == y[i]) p -= 1;
      g->dz2->data[i * C + j] = p / N;
    }
  }

  // 2. dW2 = p1^T dz2 + 2*reg*W2
  mat_T(cache->p1->data, p1T, N, H);
  mat_mul(p1T, g->dz2->data, g->dW2->data, H, N, C);
  for (int i = 0; i < H * C; ++i) g->dW2->data[i] += 2 * reg * net->W2->data[i];

  // 3. db2
  col_sums(g->dz2->data, g->db2->data, N, C);

  // 4. dp1 = dz2 W2^T
  mat_T(net->W2->data, W2T, H, C);
  mat_mul(g->dz2->data, W2T, g->dp1->data, N, C, H);

  // 5. dz1
  for (int i = 0; i < N * H; ++i)
    g->dz1->data[i] = cache->z1->data[i] > 0 ? g->dp1->data[i] : 0;

  // 6. dW1 = X^T dz1 + 2*reg*W1  (X^T is D x N)
  mat_T(X->data, XT, D, N);
  mat_mul(XT, g->dz1->data, g->dW1->data, D, N, H);
  for (int i = 0; i < D * H; ++i) g->dW1->data[i] += 2 * reg * net->W1->data[i];

  // 7. db1
  col_sums(g->dz1->data, g->db1->data, N, H);

  g->present = BP_GRADS_ALL;
  return 0;
}
