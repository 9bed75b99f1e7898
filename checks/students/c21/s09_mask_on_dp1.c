/* backward.c -- R. Haddad, section B
 *
 * TODO: clean up, works on the toy example I think. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* C = A^T B  (A: n x p, B: n x q, C: p x q) */
static void
matmul_tn (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *Cm)
{
  for (size_t p = 0; p < A->size2; p++)
    for (size_t q = 0; q < B->size2; q++)
      {
        double s = 0;
        for (size_t n = 0; n < A->size1; n++)
          s += gsl_matrix_get (A, n, p) * gsl_matrix_get (B, n, q);
        gsl_matrix_set (Cm, p, q, s);
      }
}

/* C = A B^T  (A: n x q, B: p x q, C: n x p) */
static void
matmul_nt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *Cm)
{
  for (size_t n = 0; n < A->size1; n++)
    for (size_t p = 0; p < B->size1; p++)
      {
        double s = 0;
        for (size_t q = 0; q < A->size2; q++)
          s += gsl_matrix_get (A, n, q) * gsl_matrix_get (B, p, q);
        gsl_matrix_set (Cm, n, p, s);
      }
}

static void
add_l2 (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      gsl_matrix_set (dW, i, j, gsl_matrix_get (dW, i, j) + 2 * reg * gsl_matrix_get (W, i, j));
}

static void
col_sums (const gsl_matrix *A, gsl_vector *v)
{
  gsl_vector_set_zero (v);
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      gsl_vector_set (v, j, gsl_vector_get (v, j) + gsl_matrix_get (A, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  // softmax + CE
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < net->C; c++)
      {
        double v = gsl_matrix_get (cache->prob, i, c);
        if (c == y[i]) v -= 1;
        gsl_matrix_set (g->dz2, i, c, v / N);
      }

  // layer 2
  matmul_tn (cache->p1, g->dz2, g->dW2);
  add_l2 (g->dW2, net->W2, reg);
  col_sums (g->dz2, g->db2);
  matmul_nt (g->dz2, net->W2, g->dp1);

  // relu
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < net->H; h++)
      {
        double d = gsl_matrix_get (g->dp1, i, h);
        gsl_matrix_set (g->dz1, i, h, d > 0 ? d : 0);
      }

  // layer 1
  matmul_tn (X, g->dz1, g->dW1);
  add_l2 (g->dW1, net->W1, reg);
  col_sums (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
