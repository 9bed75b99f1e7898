/*************************************************************
 * backward.c                                                *
 * Homework 3 -- two layer neural network, backward pass     *
 * Marco Bianchi                                             *
 *************************************************************/

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backprop/net.h"
#include "backprop/grads.h"

/* ---------- my matrix "library" (from HW1) ---------- */

typedef struct {
	size_t rows;
	size_t cols;
	double *v;
} Mat;

#define MAT(m, i, j) (m)->v[(i) * (m)->cols + (j)]

static Mat *mat_new(size_t rows, size_t cols)
{
	Mat *m = malloc(sizeof(Mat));
	if (!m) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	m->rows = rows;
	m->cols = cols;
	m->v = calloc(rows * cols, sizeof(double));
	return m;
}

static void mat_free(Mat *m)
{
	free(m->v);
	free(m);
}

static Mat *mat_from(const gsl_matrix *a)
{
	size_t i, j;
	Mat *m = mat_new(a->size1, a->size2);
	for (i = 0; i < a->size1; i++)
		for (j = 0; j < a->size2; j++)
			MAT(m, i, j) = gsl_matrix_get(a, i, j);
	return m;
}

static void mat_into(gsl_matrix *a, const Mat *m)
{
	size_t i, j;
	for (i = 0; i < m->rows; i++)
		for (j = 0; j < m->cols; j++)
			gsl_matrix_set(a, i, j, MAT(m, i, j));
}

static Mat *mat_T(const Mat *a)
{
	size_t i, j;
	Mat *t = mat_new(a->cols, a->rows);
	for (i = 0; i < a->rows; i++)
		for (j = 0; j < a->cols; j++)
			MAT(t, j, i) = MAT(a, i, j);
	return t;
}

static Mat *mat_mul(const Mat *a, const Mat *b)
{
	size_t i, j, k;
	double sum = 0.0;
	Mat *c;

	if (a->cols != b->rows) {
		fprintf(stderr, "mat_mul: %zux%zu * %zux%zu\n",
			a->rows, a->cols, b->rows, b->cols);
		return NULL;
	}
	c = mat_new(a->rows, b->cols);
	for (i = 0; i < a->rows; i++) {
		for (j = 0; j < b->cols; j++) {
			for (k = 0; k < a->cols; k++)
				sum += MAT(a, i, k) * MAT(b, k, j);
			MAT(c, i, j) = sum;
		}
	}
	return c;
}

/* c += s * a, elementwise */
static void mat_axpy(Mat *c, double s, const Mat *a)
{
	size_t k;
	for (k = 0; k < c->rows * c->cols; k++)
		c->v[k] += s * a->v[k];
}

/* ---------- the backward pass ---------- */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	size_t H = net->H, C = net->C;
	size_t i, j;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	Mat *Xm = mat_from(X);
	Mat *Z1 = mat_from(cache->z1);
	Mat *A1 = mat_from(cache->p1);
	Mat *P = mat_from(cache->prob);
	Mat *W1 = mat_from(net->W1);
	Mat *W2 = mat_from(net->W2);

	/* dZ2 = (P - Y) / N */
	Mat *dZ2 = mat_new(N, C);
	for (i = 0; i < N; i++)
		for (j = 0; j < C; j++)
			MAT(dZ2, i, j) = (MAT(P, i, j) - (y[i] == j ? 1.0 : 0.0)) / N;

	/* dW2 = A1^T dZ2 + 2 reg W2 */
	Mat *A1t = mat_T(A1);
	Mat *dW2 = mat_mul(A1t, dZ2);
	mat_axpy(dW2, 2.0 * reg, W2);

	/* db2 = sum over samples */
	double *db2 = calloc(C, sizeof(double));
	for (i = 0; i < N; i++)
		for (j = 0; j < C; j++)
			db2[j] += MAT(dZ2, i, j);

	/* dA1 = dZ2 W2^T */
	Mat *W2t = mat_T(W2);
	Mat *dA1 = mat_mul(dZ2, W2t);

	/* dZ1 = dA1 * relu'(Z1) */
	Mat *dZ1 = mat_new(N, H);
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			MAT(dZ1, i, j) = MAT(Z1, i, j) > 0.0 ? MAT(dA1, i, j) : 0.0;

	/* dW1 = X^T dZ1 + 2 reg W1 */
	Mat *Xt = mat_T(Xm);
	Mat *dW1 = mat_mul(Xt, dZ1);
	mat_axpy(dW1, 2.0 * reg, W1);

	double *db1 = calloc(H, sizeof(double));
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			db1[j] += MAT(dZ1, i, j);

	/* write back */
	mat_into(g->dz2, dZ2);
	mat_into(g->dW2, dW2);
	mat_into(g->dp1, dA1);
	mat_into(g->dz1, dZ1);
	mat_into(g->dW1, dW1);
	for (j = 0; j < C; j++)
		gsl_vector_set(g->db2, j, db2[j]);
	for (j = 0; j < H; j++)
		gsl_vector_set(g->db1, j, db1[j]);

	mat_free(Xm); mat_free(Z1); mat_free(A1); mat_free(P); mat_free(W1);
	mat_free(W2); mat_free(dZ2); mat_free(A1t); mat_free(dW2); mat_free(W2t);
	mat_free(dA1); mat_free(dZ1); mat_free(Xt); mat_free(dW1);
	free(db2); free(db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
