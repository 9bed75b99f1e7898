/* Lab 5: backward pass.  Kofi A. & L. Brandt (pair)
 *
 * One malloc for every buffer we need (and one free), row-major like gsl.
 * Biases are done as  ones^T * delta  so they go through the same matmul
 * helper as everything else.  At the end we wrap our buffers in gsl views
 * and let gsl_matrix_memcpy do the copying back. */

#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* C (n x m) = A^T B,  A is (k x n), B is (k x m) */
static void
mm_tn (const double *A, const double *B, double *Cm, size_t n, size_t k, size_t m)
{
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < m; j++)
      {
        double s = 0;
        for (size_t t = 0; t < k; t++)
          s += A[t * n + i] * B[t * m + j];
        Cm[i * m + j] = s;
      }
}

/* C (n x m) = A B^T,  A is (n x k), B is (m x k) */
static void
mm_nt (const double *A, const double *B, double *Cm, size_t n, size_t k, size_t m)
{
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < m; j++)
      {
        double s = 0;
        for (size_t t = 0; t < k; t++)
          s += A[i * k + t] * B[j * k + t];
        Cm[i * m + j] = s;
      }
}

static void
get_all (const gsl_matrix *M, double *dst)
{
  for (size_t i = 0; i < M->size1; i++)
    for (size_t j = 0; j < M->size2; j++)
      dst[i * M->size2 + j] = gsl_matrix_get (M, i, j);
}

static void
put_all (const double *src, gsl_matrix *M)
{
  gsl_matrix_const_view v = gsl_matrix_const_view_array (src, M->size1, M->size2);
  gsl_matrix_memcpy (M, &v.matrix);
}

/* W := W + (reg + reg) * W0     (d/dW of reg*|W|^2 is 2 reg W) */
static void
l2_grad (double *dW, const double *W0, size_t len, double reg)
{
  for (size_t i = 0; i < len; i++)
    dW[i] += (reg + reg) * W0[i];
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  size_t total = N * D + N * H + H * C + D * H + N        /* inputs, ones */
               + N * C + H * C + C + N * H + N * H + D * H + H;
  double *mem = malloc (total * sizeof (double));
  if (!mem)
    return 1;
  double *x = mem, *a1 = x + N * D, *w2 = a1 + N * H, *w1 = w2 + H * C;
  double *ones = w1 + D * H;
  double *d_z2 = ones + N, *d_W2 = d_z2 + N * C, *d_b2 = d_W2 + H * C;
  double *d_p1 = d_b2 + C, *d_z1 = d_p1 + N * H, *d_W1 = d_z1 + N * H;
  double *d_b1 = d_W1 + D * H;

  get_all (X, x);
  get_all (cache->p1, a1);
  get_all (net->W2, w2);
  get_all (net->W1, w1);
  for (size_t i = 0; i < N; i++)
    ones[i] = 1.0;

  /* dz2 = prob/N, then take 1/N off at the true class */
  get_all (cache->prob, d_z2);
  for (size_t i = 0; i < N * C; i++)
    d_z2[i] /= (double) N;
  for (size_t i = 0; i < N; i++)
    d_z2[i * C + y[i]] -= 1.0 / (double) N;

  mm_tn (a1, d_z2, d_W2, H, N, C);          /* (H x C) = a1^T dz2 */
  l2_grad (d_W2, w2, H * C, reg);
  mm_tn (ones, d_z2, d_b2, 1, N, C);        /* (1 x C) = 1^T dz2  */

  mm_nt (d_z2, w2, d_p1, N, C, H);          /* (N x H) = dz2 W2^T */

  /* relu gate: read z1 straight from the cache */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      d_z1[i * H + j] = gsl_matrix_get (cache->z1, i, j) > 0.0 ? d_p1[i * H + j] : 0.0;

  mm_tn (x, d_z1, d_W1, D, N, H);           /* (D x H) = x^T dz1 */
  l2_grad (d_W1, w1, D * H, reg);
  mm_tn (ones, d_z1, d_b1, 1, N, H);        /* (1 x H) */

  put_all (d_z2, g->dz2);
  put_all (d_W2, g->dW2);
  put_all (d_p1, g->dp1);
  put_all (d_z1, g->dz1);
  put_all (d_W1, g->dW1);
  {
    gsl_vector_const_view b2v = gsl_vector_const_view_array (d_b2, C);
    gsl_vector_const_view b1v = gsl_vector_const_view_array (d_b1, H);
    gsl_vector_memcpy (g->db2, &b2v.vector);
    gsl_vector_memcpy (g->db1, &b1v.vector);
  }
  g->present = BP_GRADS_ALL;

  free (mem);
  return 0;
}
