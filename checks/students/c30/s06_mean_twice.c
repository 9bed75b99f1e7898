/*
 * backward.c   (HW3 -- backprop in C)
 * Mei Tanaka
 *
 * gsl is only used for the two big products (gsl_blas_dgemm on views of
 * my arrays); the rest is done in my own matrices, which I find easier to
 * debug in gdb (p *m.v@20).
 */

#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

typedef struct {
	size_t rows, cols;
	double *v;
} Mat;

#define M_(m, i, j) ((m).v[(i) * (m).cols + (j)])

static Mat mat_new(size_t rows, size_t cols)
{
	Mat m;
	m.rows = rows;
	m.cols = cols;
	m.v = calloc(rows * cols, sizeof(double));
	return m;
}

#define mat_free(m) free((m).v)

static Mat mat_in(const gsl_matrix *a)
{
	Mat m = mat_new(a->size1, a->size2);
	for (size_t i = 0; i < a->size1; i++)
		for (size_t j = 0; j < a->size2; j++)
			M_(m, i, j) = gsl_matrix_get(a, i, j);
	return m;
}

static void mat_out(gsl_matrix *a, Mat m)
{
	for (size_t i = 0; i < m.rows; i++)
		memcpy(gsl_matrix_ptr(a, i, 0), &M_(m, i, 0), m.cols * sizeof(double));
}

/* out = op(A) op(B) with gsl_blas on my buffers */
static void gemm(int transA, int transB, Mat A, Mat B, Mat out)
{
	gsl_matrix_view a = gsl_matrix_view_array(A.v, A.rows, A.cols);
	gsl_matrix_view b = gsl_matrix_view_array(B.v, B.rows, B.cols);
	gsl_matrix_view o = gsl_matrix_view_array(out.v, out.rows, out.cols);
	gsl_blas_dgemm(transA ? CblasTrans : CblasNoTrans,
		       transB ? CblasTrans : CblasNoTrans,
		       1.0, &a.matrix, &b.matrix, 0.0, &o.matrix);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	Mat x = mat_in(X);
	Mat a1 = mat_in(cache->p1);
	Mat z1 = mat_in(cache->z1);
	Mat pr = mat_in(cache->prob);
	Mat w1 = mat_in(net->W1);
	Mat w2 = mat_in(net->W2);

	/* 1. dz2 = (softmax - onehot)/N */
	Mat dz2 = mat_new(N, C);
	for (size_t i = 0; i < N; i++) {
		for (size_t j = 0; j < C; j++)
			M_(dz2, i, j) = M_(pr, i, j);
		M_(dz2, i, y[i]) -= 1.0;
		for (size_t j = 0; j < C; j++)
			M_(dz2, i, j) /= (double)N;
	}

	/* 2. dW2 = a1^T dz2, averaged, + reg */
	Mat dw2 = mat_new(H, C);
	gemm(1, 0, a1, dz2, dw2);
	for (size_t i = 0; i < H; i++)
		for (size_t j = 0; j < C; j++)
			M_(dw2, i, j) = M_(dw2, i, j) / N + 2.0 * reg * M_(w2, i, j);

	/* 3. db2 */
	Mat db2 = mat_new(1, C);
	for (size_t i = 0; i < N; i++)
		for (size_t j = 0; j < C; j++)
			M_(db2, 0, j) += M_(dz2, i, j);

	/* 4. dp1 = dz2 W2^T */
	Mat dp1 = mat_new(N, H);
	gemm(0, 1, dz2, w2, dp1);

	/* 5. relu */
	Mat dz1 = mat_new(N, H);
	for (size_t k = 0; k < N * H; k++)
		dz1.v[k] = z1.v[k] > 0.0 ? dp1.v[k] : 0.0;

	/* 6. dW1 = X^T dz1 + 2 reg W1 */
	Mat dw1 = mat_new(D, H);
	gemm(1, 0, x, dz1, dw1);
	for (size_t k = 0; k < D * H; k++)
		dw1.v[k] += 2.0 * reg * w1.v[k];

	/* 7. db1 */
	Mat db1 = mat_new(1, H);
	for (size_t i = 0; i < N; i++)
		for (size_t j = 0; j < H; j++)
			M_(db1, 0, j) += M_(dz1, i, j);

	mat_out(g->dz2, dz2);
	mat_out(g->dW2, dw2);
	mat_out(g->dp1, dp1);
	mat_out(g->dz1, dz1);
	mat_out(g->dW1, dw1);
	memcpy(g->db2->data, db2.v, C * sizeof(double));   /* stride is 1 */
	memcpy(g->db1->data, db1.v, H * sizeof(double));

	mat_free(x); mat_free(a1); mat_free(z1); mat_free(pr);
	mat_free(w1); mat_free(w2); mat_free(dz2); mat_free(dw2);
	mat_free(db2); mat_free(dp1); mat_free(dz1); mat_free(dw1);
	mat_free(db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
