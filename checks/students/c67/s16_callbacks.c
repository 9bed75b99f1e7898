/* backward.c -- elementwise maps and column folds, passed functions.
 *
 * I'd rather write map/zipWith/foldl once and pass the operation than
 * write the same double loop seven times.
 */
#include "backprop.h"

typedef double (*binop)(double, double);

static double add(double a, double b) { return a + b; }
static double mul(double a, double b) { return a * b; }
static double relu_gate(double dp, double z) { return z > 0.0 ? dp : 0.0; }

/* out[i][j] = f(a[i][j], b[i][j]) -- out may be a */
static void zip_with(binop f, const gsl_matrix *a, const gsl_matrix *b, gsl_matrix *out)
{
  for (size_t i = 0; i < a->size1; i++)
    for (size_t j = 0; j < a->size2; j++)
      gsl_matrix_set(out, i, j, f(gsl_matrix_get(a, i, j), gsl_matrix_get(b, i, j)));
}

/* out[j] = foldl f init (column j of a) */
static void fold_cols(binop f, double init, const gsl_matrix *a, gsl_vector *out)
{
  for (size_t j = 0; j < a->size2; j++) {
    double acc = init;
    for (size_t i = 0; i < a->size1; i++)
      acc = f(acc, gsl_matrix_get(a, i, j));
    gsl_vector_set(out, j, acc);
  }
}

/* out = op(a)^T-ish contraction over the rows: out[j][k] = fold (+) over i
 * of f(a[i][j], b[i][k]), then plus 2 reg w[j][k] */
static void contract_rows(binop f, const gsl_matrix *a, const gsl_matrix *b,
                          const gsl_matrix *w, double reg, gsl_matrix *out)
{
  for (size_t j = 0; j < a->size2; j++)
    for (size_t k = 0; k < b->size2; k++) {
      double acc = 0.0;
      for (size_t i = 0; i < a->size1; i++)
        acc = add(acc, f(gsl_matrix_get(a, i, j), gsl_matrix_get(b, i, k)));
      gsl_matrix_set(out, j, k, acc + 2.0 * reg * gsl_matrix_get(w, j, k));
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale(g->dz2, 1.0 / (double) N);

  /* layer 2 */
  contract_rows(mul, cache->p1, g->dz2, net->W2, reg, g->dW2);
  fold_cols(add, 0.0, g->dz2, g->db2);

  /* dp1[i][j] = sum_c dz2[i][c] W2[j][c] */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++) {
      double acc = 0.0;
      for (size_t c = 0; c < net->C; c++)
        acc = add(acc, mul(gsl_matrix_get(g->dz2, i, c), gsl_matrix_get(net->W2, j, c)));
      gsl_matrix_set(g->dp1, i, j, acc);
    }

  /* layer 1 */
  zip_with(relu_gate, g->dp1, cache->z1, g->dz1);
  contract_rows(mul, X, g->dz1, net->W1, reg, g->dW1);
  fold_cols(add, 0.0, g->dz1, g->db1);
  gsl_vector_scale(g->db1, 1.0 / (double) N);   /* average over the batch */

  g->present = BP_GRADS_ALL;
  return 0;
}
