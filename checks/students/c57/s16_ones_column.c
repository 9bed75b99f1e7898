/*
 * backward.c -- AI engineering bootcamp, assignment 6
 *
 * Everything is a matrix product (even the bias sums: ones^T * delta),
 * done by one generic function modelled on BLAS dgemm, on ->data with the
 * row stride tda.  The bias vectors are viewed as 1 x M matrices.
 */

#include <stdbool.h>
#include <stddef.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* which operand to transpose, spelled out for readability */
enum { NO_T = 0, T = 1 };

/*
 * C (m x n) = alpha * op(A) (m x k) * op(B) (k x n) + beta * C
 * m, n come from C; k from op(A).
 */
static int matmul(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *Cm,
                  int transA, int transB, double alpha, double beta)
{
   if (A == NULL || B == NULL || Cm == NULL)
      return -1;
   /* TODO: check that the inner dimensions agree */
   size_t m = Cm->size1, n = Cm->size2;
   size_t k = transA ? A->size1 : A->size2;
   for (size_t i = 0; i < m; i++)
      for (size_t j = 0; j < n; j++) {
         double acc = 0.0;
         for (size_t p = 0; p < k; p++) {
            double a = transA ? A->data[p * A->tda + i] : A->data[i * A->tda + p];
            double b = transB ? B->data[j * B->tda + p] : B->data[p * B->tda + j];
            acc += a * b;
         }
         double *c = Cm->data + i * Cm->tda + j;
         *c = (beta == 0.0) ? alpha * acc : alpha * acc + beta * *c;
      }
   return 0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
   if (!net || !X || !y || !cache || !g)
      return 1;
   const size_t N = X->size1, H = net->H, C = net->C;
   if (N != cache->N || X->size2 != net->D || g->N != N)
      return 1;

   int rc = 0;
   gsl_matrix *ones_col = gsl_matrix_alloc(N, 1);   /* N x 1 of ones */
   if (ones_col == NULL)
      return 1;
   gsl_matrix_set_all(ones_col, 1.0);

   gsl_matrix_view db2m = gsl_matrix_view_vector(g->db2, 1, C);
   gsl_matrix_view db1m = gsl_matrix_view_vector(g->db1, 1, H);

   /* dz2 = (prob - onehot(y)) / N */
   for (size_t i = 0; i < N; i++)
      for (size_t c = 0; c < C; c++) {
         double t = (c == y[i]) ? 1.0 : 0.0;
         gsl_matrix_set(g->dz2, i, c, (gsl_matrix_get(cache->prob, i, c) - t) / (double)N);
      }

   /* dW2 = p1^T dz2 + 2 reg W2  (W2 copied in, beta = 2 reg) */
   gsl_matrix_memcpy(g->dW2, net->W2);
   rc |= matmul(cache->p1, g->dz2, g->dW2, T, NO_T, 1.0, 2.0 * reg);

   /* db2 = ones^T dz2   (1 x N)(N x C) */
   rc |= matmul(ones_col, g->dz2, &db2m.matrix, T, NO_T, 1.0, 0.0);

   /* dp1 = dz2 W2^T */
   rc |= matmul(g->dz2, net->W2, g->dp1, NO_T, T, 1.0, 0.0);

   /* dz1 = dp1 .* [z1 > 0] */
   for (size_t i = 0; i < N; i++)
      for (size_t h = 0; h < H; h++) {
         bool on = gsl_matrix_get(cache->z1, i, h) > 0.0;
         gsl_matrix_set(g->dz1, i, h, on ? gsl_matrix_get(g->dp1, i, h) : 0.0);
      }

   /* dW1 = X^T dz1 + 2 reg W1 */
   gsl_matrix_memcpy(g->dW1, net->W1);
   rc |= matmul(X, g->dz1, g->dW1, T, NO_T, 1.0, 2.0 * reg);

   /* db1 = ones^T dz1   (1 x N)(N x H) */
   rc |= matmul(ones_col, g->dz1, &db1m.matrix, NO_T, NO_T, 1.0, 0.0);

   gsl_matrix_free(ones_col);
   if (rc != 0)
      return 1;
   g->present = BP_GRADS_ALL;
   return 0;
}
