/* HW2 backward pass -- T. Brandt
 *
 * lib.c (HW1) has matrices as "out" arguments everywhere:
 *     mat_mul(A, B, out, tA, tB),  scale(M, s),  add_to(M, other, s)
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

void mat_mul(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out, int tA, int tB)
{
  size_t n = out->size1, m = out->size2;
  size_t K = tA ? A->size1 : A->size2;
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < m; j++)
    {
      double s = 0.0;
      for (size_t k = 0; k < K; k++)
      {
        double a = tA ? gsl_matrix_get(A, k, i) : gsl_matrix_get(A, i, k);
        double b = tB ? gsl_matrix_get(B, j, k) : gsl_matrix_get(B, k, j);
        s += a * b;
      }
      gsl_matrix_set(out, i, j, s);
    }
}

void scale(gsl_matrix *M, double s)
{
  for (size_t i = 0; i < M->size1; i++)
    for (size_t j = 0; j < M->size2; j++)
      gsl_matrix_set(M, i, j, s * gsl_matrix_get(M, i, j));
}

/* M += s * other */
void add_to(gsl_matrix *M, const gsl_matrix *other, double s)
{
  for (size_t i = 0; i < M->size1; i++)
    for (size_t j = 0; j < M->size2; j++)
      gsl_matrix_set(M, i, j, gsl_matrix_get(M, i, j) + s * gsl_matrix_get(other, i, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* --- output layer --- */
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
  scale(g->dz2, 1.0 / N);

  mat_mul(cache->p1, g->dz2, g->dW2, 1, 0);
  add_to(g->dW2, net->W2, 2.0 * reg);

  for (size_t c = 0; c < net->C; c++)
  {
    gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, c);
    double s = 0.0;
    for (size_t i = 0; i < N; i++)
      s += gsl_vector_get(&col.vector, i);
    gsl_vector_set(g->db2, c, s);
  }

  /* --- hidden layer --- */
  mat_mul(g->dz2, net->W2, g->dp1, 0, 1);

  gsl_matrix_memcpy(g->dz1, g->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < net->H; h++)
      if (!(gsl_matrix_get(cache->z1, i, h) > 0.0))
        gsl_matrix_set(g->dz1, i, h, 0.0);

  mat_mul(X, g->dz1, g->dW1, 1, 0);
  add_to(g->dW1, net->W1, 2.0 * reg);
  scale(g->dW1, 1.0 / N);            /* average over the batch */

  for (size_t h = 0; h < net->H; h++)
  {
    double s = 0.0;
    for (size_t i = 0; i < N; i++)
      s += gsl_matrix_get(g->dz1, i, h);
    gsl_vector_set(g->db1, h, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
