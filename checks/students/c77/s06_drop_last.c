#include "backprop.h"
#include <gsl/gsl_blas.h>

/* Two passes over the batch, each in blocks of BS rows:
 *   pass A: dz2, dW2, db2, dp1   (output layer)
 *   pass B: dz1, dW1, db1        (hidden layer)
 * Only BS rows of any (N, .) matrix are live at a time. */

#define BS 4

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t b, r, k, len;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  gsl_matrix_set_zero(g->dW2);
  gsl_vector_set_zero(g->db2);
  gsl_matrix_set_zero(g->dW1);
  gsl_vector_set_zero(g->db1);
  gsl_matrix_set_zero(g->dz1);

  /* pass A */
  for (b = 0; b < N; b += BS) {
    len = (b + BS <= N) ? BS : N - b;
    gsl_matrix_const_view P = gsl_matrix_const_submatrix(cache->prob, b, 0, len, C);
    gsl_matrix_const_view A = gsl_matrix_const_submatrix(cache->p1, b, 0, len, H);
    gsl_matrix_view G2 = gsl_matrix_submatrix(g->dz2, b, 0, len, C);
    gsl_matrix_view GP = gsl_matrix_submatrix(g->dp1, b, 0, len, H);

    gsl_matrix_memcpy(&G2.matrix, &P.matrix);
    for (r = 0; r < len; r++)
      gsl_matrix_set(&G2.matrix, r, y[b + r], gsl_matrix_get(&G2.matrix, r, y[b + r]) - 1.0);
    gsl_matrix_scale(&G2.matrix, 1.0 / (double)N);

    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &A.matrix, &G2.matrix, 1.0, g->dW2);
    for (r = 0; r < len; r++) {
      gsl_vector_view row = gsl_matrix_row(&G2.matrix, r);
      gsl_vector_add(g->db2, &row.vector);
    }
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &G2.matrix, net->W2, 0.0, &GP.matrix);
  }

  /* pass B */
  for (b = 0; b < N; b += BS) {
    if (b + BS > N) break;   /* stay inside the matrix */
    gsl_matrix_const_view Xb = gsl_matrix_const_submatrix(X, b, 0, BS, D);
    gsl_matrix_const_view Z = gsl_matrix_const_submatrix(cache->z1, b, 0, BS, H);
    gsl_matrix_view GP = gsl_matrix_submatrix(g->dp1, b, 0, BS, H);
    gsl_matrix_view G1 = gsl_matrix_submatrix(g->dz1, b, 0, BS, H);

    for (r = 0; r < BS; r++)
      for (k = 0; k < H; k++)
        gsl_matrix_set(&G1.matrix, r, k,
                       gsl_matrix_get(&Z.matrix, r, k) > 0 ? gsl_matrix_get(&GP.matrix, r, k) : 0.0);

    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &Xb.matrix, &G1.matrix, 1.0, g->dW1);
    for (r = 0; r < BS; r++) {
      gsl_vector_view row = gsl_matrix_row(&G1.matrix, r);
      gsl_vector_add(g->db1, &row.vector);
    }
  }

  /* weight decay: reg*|W|^2 -> 2*reg*W */
  for (r = 0; r < H; r++)
    for (k = 0; k < C; k++)
      *gsl_matrix_ptr(g->dW2, r, k) += 2.0 * reg * gsl_matrix_get(net->W2, r, k);
  for (r = 0; r < D; r++)
    for (k = 0; k < H; k++)
      *gsl_matrix_ptr(g->dW1, r, k) += 2.0 * reg * gsl_matrix_get(net->W1, r, k);

  g->present = BP_GRADS_ALL;
  return 0;
}
