/* backward.c -- hw3.  Temporaries are gsl matrices (so I get the shape
 * checked when I alloc them), the arithmetic is done by my helpers on
 * ->data. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* c = a b ; a (m x k), b (k x n) -> c (m x n) */
static void
matmul (const double *a, const double *b, double *c, int m, int k, int n)
{
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++)
      {
        double s = 0;
        for (int l = 0; l < k; l++)
          s += a[i * k + l] * b[l * n + j];
        c[i * n + j] = s;
      }
}

/* out = in', where in is rows x cols */
static void
transpose (const double *in, double *out, int rows, int cols)
{
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++)
      out[c * rows + r] = in[r * cols + c];
}

static void
colsum (const double *a, double *out, int rows, int cols)
{
  for (int c = 0; c < cols; c++)
    {
      double s = 0;
      for (int r = 0; r < rows; r++)
        s += a[r * cols + c];
      out[c] = s;
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = X->size1, D = net->D, H = net->H, C = net->C;
  gsl_matrix *p1T = gsl_matrix_alloc (H, N);
  gsl_matrix *W2T = gsl_matrix_alloc (C, H);
  gsl_matrix *XT = gsl_matrix_alloc (D, N);

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (int i = 0; i < N; i++)
    g->dz2->data[i * C + y[i]] -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = p1T dz2 + 2 reg W2   (p1T is H x N) */
  transpose (cache->p1->data, p1T->data, H, N);
  matmul (p1T->data, g->dz2->data, g->dW2->data, H, N, C);
  for (int i = 0; i < H * C; i++)
    g->dW2->data[i] += 2.0 * reg * net->W2->data[i];

  /* db2 */
  colsum (g->dz2->data, g->db2->data, N, C);

  /* dp1 = dz2 W2T */
  transpose (net->W2->data, W2T->data, H, C);
  matmul (g->dz2->data, W2T->data, g->dp1->data, N, C, H);

  /* dz1 */
  for (int i = 0; i < N * H; i++)
    g->dz1->data[i] = cache->z1->data[i] > 0 ? g->dp1->data[i] : 0.0;

  /* dW1 = XT dz1 + 2 reg W1 */
  transpose (X->data, XT->data, N, D);
  matmul (XT->data, g->dz1->data, g->dW1->data, D, N, H);
  for (int i = 0; i < D * H; i++)
    g->dW1->data[i] += 2.0 * reg * net->W1->data[i];

  /* db1 */
  colsum (g->dz1->data, g->db1->data, N, H);

  gsl_matrix_free (p1T);
  gsl_matrix_free (W2T);
  gsl_matrix_free (XT);
  g->present = BP_GRADS_ALL;
  return 0;
}
