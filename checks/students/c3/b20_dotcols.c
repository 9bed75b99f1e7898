/* Two-layer net, backward.  Every product entry is a dot product of two
 * columns (for A' B) or two rows (for A B'), so two little helpers do
 * all the work. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* column a of A . column b of B */
static double
dot_cols (const gsl_matrix *A, size_t a, const gsl_matrix *B, size_t b)
{
  double s = 0;
  for (size_t k = 0; k < A->size1; k++)
    s += gsl_matrix_get (A, k, a) * gsl_matrix_get (B, k, b);
  return s;
}

/* row a of A . row b of B */
static double
dot_rows (const gsl_matrix *A, size_t a, const gsl_matrix *B, size_t b)
{
  double s = 0;
  for (size_t k = 0; k < A->size2; k++)
    s += gsl_matrix_get (A, a, k) * gsl_matrix_get (B, b, k);
  return s;
}

static double
sum_col (const gsl_matrix *A, size_t a)
{
  double s = 0;
  for (size_t k = 0; k < A->size1; k++)
    s += gsl_matrix_get (A, k, a);
  return s;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      gsl_matrix_set (g->dz2, n, c, (gsl_matrix_get (cache->prob, n, c) - (y[n] == c ? 1.0 : 0.0)) / (double) N);

  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, h, c, dot_cols (cache->p1, h, g->dz2, c) + 2 * reg * gsl_matrix_get (net->W2, h, c));
  for (size_t c = 0; c < C; c++)
    gsl_vector_set (g->db2, c, sum_col (g->dz2, c));

  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (g->dp1, n, h, dot_rows (g->dz2, n, net->W2, h));
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (g->dz1, n, h, gsl_matrix_get (cache->z1, n, h) > 0 ? gsl_matrix_get (g->dp1, n, h) : 0);

  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (g->dW1, d, h, dot_cols (cache->p1, d, g->dz1, h) + 2 * reg * gsl_matrix_get (net->W1, d, h));
  for (size_t h = 0; h < H; h++)
    gsl_vector_set (g->db1, h, sum_col (g->dz1, h));

  g->present = BP_GRADS_ALL;
  return 0;
}
