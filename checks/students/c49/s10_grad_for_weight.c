/*
 * backward.c -- ML assignment 2, part (c): the backward pass.
 *
 * Everything is a gsl_matrix*.  op() helpers allocate a new result and I
 * chain them; I free what I named and let the rest go.
 *
 * The order: dz2 -> (dW2, db2) -> dp1 -> dz1 -> (dW1, db1).
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *op_mul(const gsl_matrix *A, CBLAS_TRANSPOSE_t tA,
                          const gsl_matrix *B, CBLAS_TRANSPOSE_t tB) {
   gsl_matrix *R;
   R = gsl_matrix_alloc(tA == CblasNoTrans ? A->size1 : A->size2,
                        tB == CblasNoTrans ? B->size2 : B->size1);
   gsl_blas_dgemm(tA, tB, 1.0, A, B, 0.0, R);
   return R;
}

static gsl_matrix *op_add(const gsl_matrix *A, const gsl_matrix *B) {
   gsl_matrix *R = gsl_matrix_alloc(A->size1, A->size2);
   gsl_matrix_memcpy(R, A);
   gsl_matrix_add(R, B);
   return R;
}

static gsl_matrix *op_scale(const gsl_matrix *A, double s) {
   gsl_matrix *R = gsl_matrix_alloc(A->size1, A->size2);
   gsl_matrix_memcpy(R, A);
   gsl_matrix_scale(R, s);
   return R;
}

static gsl_matrix *op_mask(const gsl_matrix *Z) {
   gsl_matrix *M = gsl_matrix_alloc(Z->size1, Z->size2);
   size_t i, j;
   for (i = 0; i < Z->size1; i++) {
      for (j = 0; j < Z->size2; j++) {
         gsl_matrix_set(M, i, j, (gsl_matrix_get(Z, i, j) > 0.0) ? 1.0 : 0.0);
      }
   }
   return M;
}

static gsl_matrix *op_emul(const gsl_matrix *A, const gsl_matrix *B) {
   gsl_matrix *R = gsl_matrix_alloc(A->size1, A->size2);
   gsl_matrix_memcpy(R, A);
   gsl_matrix_mul_elements(R, B);
   return R;
}

static gsl_vector *op_colsum(const gsl_matrix *A) {
   gsl_vector *s = gsl_vector_alloc(A->size2);
   size_t i, j;
   gsl_vector_set_zero(s);
   for (i = 0; i < A->size1; i++) {
      for (j = 0; j < A->size2; j++) {
         *gsl_vector_ptr(s, j) += gsl_matrix_get(A, i, j);
      }
   }
   return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
   size_t N = X->size1, i;
   gsl_matrix *dz2, *dW2, *dp1, *dz1, *dW1;
   gsl_vector *db2, *db1;

   if (N != cache->N || X->size2 != net->D || g->N != N) {
      return 1;
   }

   /* softmax gradient */
   dz2 = op_scale(cache->prob, 1.0);
   for (i = 0; i < N; i++) {
      gsl_matrix_set(dz2, i, y[i], gsl_matrix_get(dz2, i, y[i]) - 1.0);
   }
   gsl_matrix_scale(dz2, 1.0 / (double) N);

   /* layer 2 */
   dW2 = op_add(op_mul(cache->p1, CblasTrans, dz2, CblasNoTrans),
                op_scale(net->W2, 2.0 * reg));
   db2 = op_colsum(dz2);

   /* back into the hidden layer */
   dp1 = op_mul(dz2, CblasNoTrans, dW2, CblasTrans);
   dz1 = op_emul(dp1, op_mask(cache->z1));

   /* layer 1 */
   dW1 = op_add(op_mul(X, CblasTrans, dz1, CblasNoTrans),
                op_scale(net->W1, 2.0 * reg));
   db1 = op_colsum(dz1);

   gsl_matrix_memcpy(g->dz2, dz2);
   gsl_matrix_memcpy(g->dW2, dW2);
   gsl_vector_memcpy(g->db2, db2);
   gsl_matrix_memcpy(g->dp1, dp1);
   gsl_matrix_memcpy(g->dz1, dz1);
   gsl_matrix_memcpy(g->dW1, dW1);
   gsl_vector_memcpy(g->db1, db1);

   gsl_matrix_free(dz2); gsl_matrix_free(dW2); gsl_vector_free(db2);
   gsl_matrix_free(dp1); gsl_matrix_free(dz1);
   gsl_matrix_free(dW1); gsl_vector_free(db1);

   g->present = BP_GRADS_ALL;
   return 0;
}
