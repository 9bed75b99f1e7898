/* backward.c for assignment 2.  My matrix library from A1 lives in
   "la_" functions; all of them write into their LAST argument. */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* la_gemm(tA, tB, A, B, C):  C = op(A) op(B) */
static void la_gemm(int tA, int tB, const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
	gsl_blas_dgemm(tA ? CblasTrans : CblasNoTrans, tB ? CblasTrans : CblasNoTrans,
		       1.0, A, B, 0.0, C);
}

/* la_onehot_sub(y, P):  P[i][y[i]] -= 1 */
static void la_onehot_sub(const size_t *y, gsl_matrix *P)
{
	for (size_t i = 0; i < P->size1; i++)
		gsl_matrix_set(P, i, y[i], gsl_matrix_get(P, i, y[i]) - 1.0);
}

/* la_colsum(A, s) */
static void la_colsum(const gsl_matrix *A, gsl_vector *s)
{
	gsl_vector_set_zero(s);
	for (size_t i = 0; i < A->size1; i++) {
		gsl_vector_const_view r = gsl_matrix_const_row(A, i);
		gsl_blas_daxpy(1.0, &r.vector, s);
	}
}

/* la_mask(Z, A):  A[i][j] = 0 where Z[i][j] <= 0 */
static void la_mask(const gsl_matrix *Z, gsl_matrix *A)
{
	for (size_t i = 0; i < A->size1; i++)
		for (size_t j = 0; j < A->size2; j++)
			if (gsl_matrix_get(Z, i, j) <= 0)
				gsl_matrix_set(A, i, j, 0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* dz2 = softmax - onehot */
	gsl_matrix_memcpy(g->dz2, cache->prob);
	la_onehot_sub(y, g->dz2);

	la_gemm(1, 0, cache->p1, g->dz2, g->dW2);
	gsl_vector_const_view w2 = gsl_vector_const_view_array(net->W2->data, net->H * net->C);
	gsl_vector_view dw2 = gsl_vector_view_array(g->dW2->data, net->H * net->C);
	gsl_blas_daxpy(2.0 * reg, &w2.vector, &dw2.vector);	/* W2 is contiguous */
	la_colsum(g->dz2, g->db2);

	la_gemm(0, 1, g->dz2, net->W2, g->dp1);
	gsl_matrix_memcpy(g->dz1, g->dp1);
	la_mask(cache->z1, g->dz1);

	la_gemm(1, 0, X, g->dz1, g->dW1);
	gsl_vector_const_view w1 = gsl_vector_const_view_array(net->W1->data, net->D * net->H);
	gsl_vector_view dw1 = gsl_vector_view_array(g->dW1->data, net->D * net->H);
	gsl_blas_daxpy(2.0 * reg, &w1.vector, &dw1.vector);
	la_colsum(g->dz1, g->db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
