/*
 * backward.c  (HW2)
 *
 * My HW1 library returns NEW matrices from every op (like numpy), so the
 * caller has to free them.  I kept the same style here.
 */
#include <stdlib.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

typedef gsl_matrix Mat;

Mat *matmul(const Mat *A, const Mat *B)
{
	Mat *C = gsl_matrix_calloc(A->size1, B->size2);
	size_t i, j, k;
	for (i = 0; i < A->size1; i++)
		for (k = 0; k < A->size2; k++) {
			double a = gsl_matrix_get(A, i, k);
			for (j = 0; j < B->size2; j++)
				C->data[i * C->tda + j] += a * gsl_matrix_get(B, k, j);
		}
	return C;
}

Mat *transpose(const Mat *A)
{
	Mat *T = gsl_matrix_alloc(A->size2, A->size1);
	gsl_matrix_transpose_memcpy(T, A);
	return T;
}

Mat *copy(const Mat *A)
{
	Mat *B = gsl_matrix_alloc(A->size1, A->size2);
	gsl_matrix_memcpy(B, A);
	return B;
}

gsl_vector *col_sum(const Mat *A)
{
	gsl_vector *s = gsl_vector_calloc(A->size2);
	size_t i, j;
	for (i = 0; i < A->size1; i++)
		for (j = 0; j < A->size2; j++)
			s->data[j * s->stride] += gsl_matrix_get(A, i, j);
	return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, i, j;
	Mat *dscores, *p1T, *W2T, *XT, *tmp, *dh;
	gsl_vector *s;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	dscores = copy(cache->prob);
	for (i = 0; i < N; i++)
		gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1);
	gsl_matrix_scale(dscores, 1.0 / N);
	gsl_matrix_memcpy(g->dz2, dscores);

	p1T = transpose(cache->p1);
	tmp = matmul(p1T, dscores);            /* H x C */
	for (i = 0; i < tmp->size1; i++)
		for (j = 0; j < tmp->size2; j++)
			gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(tmp, i, j)
				       + 2 * reg * gsl_matrix_get(net->W2, i, j));
	gsl_matrix_free(tmp);
	gsl_matrix_free(p1T);

	s = col_sum(dscores);
	gsl_vector_memcpy(g->db2, s);
	gsl_vector_free(s);

	W2T = transpose(net->W2);
	dh = matmul(dscores, W2T);             /* N x H */
	gsl_matrix_memcpy(g->dp1, dh);
	gsl_matrix_free(W2T);

	/* relu backward: kill where the unit was off */
	for (i = 0; i < N; i++)
		for (j = 0; j < dh->size2; j++)
			if (gsl_matrix_get(cache->z1, i, j) <= 0)
				gsl_matrix_set(dh, i, j, 0.0);
	gsl_matrix_memcpy(g->dz1, dh);

	XT = transpose(X);
	tmp = matmul(XT, dh);                  /* D x H */
	gsl_matrix_memcpy(g->dW1, tmp);
	for (i = 0; i < tmp->size1; i++)
		for (j = 0; j < tmp->size2; j++)
			gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
				       + 2 * reg * gsl_matrix_get(net->W1, i, j));
	gsl_matrix_free(tmp);
	gsl_matrix_free(XT);

	s = col_sum(dh);
	gsl_vector_memcpy(g->db1, s);
	gsl_vector_free(s);

	gsl_matrix_free(dh);
	gsl_matrix_free(dscores);
	g->present = BP_GRADS_ALL;
	return 0;
}
