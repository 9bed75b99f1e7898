/* backward.c -- HW4 -- L. Achterberg
 *
 * Regularization gradients are built in a scratch matrix and added on.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	gsl_matrix *r1 = NULL, *r2 = NULL;
	int N, H, C;
	int i, j, err;
	double t;

	err = 1;
	N = X->size1;
	H = net->H;
	C = net->C;
	if (N != (int) cache->N || X->size2 != net->D || (int) g->N != N)
		goto out;

	r1 = gsl_matrix_alloc(net->D, H);
	r2 = gsl_matrix_alloc(H, C);
	if (r1 == NULL || r2 == NULL)
		goto out;

	/* regularization parts: 2 reg W */
	gsl_matrix_memcpy(r1, net->W1);
	gsl_matrix_scale(r1, 2.0 * reg);
	gsl_matrix_memcpy(r2, net->W2);
	gsl_matrix_scale(r2, 2.0 * reg);

	/* dz2 */
	for (i = 0; i < N; i++)
		for (j = 0; j < C; j++) {
			t = gsl_matrix_get(cache->prob, i, j);
			if ((size_t) j == y[i])
				t = t - 1;
			gsl_matrix_set(g->dz2, i, j, t / N);
		}

	/* dW2 = (hidden layer)^T dz2 */
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->z1, g->dz2, 0.0, g->dW2);
	gsl_matrix_add(g->dW2, r2);

	/* db2 */
	for (j = 0; j < C; j++) {
		t = 0;
		for (i = 0; i < N; i++)
			t = t + gsl_matrix_get(g->dz2, i, j);
		gsl_vector_set(g->db2, j, t);
	}

	/* dp1, dz1 */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
	gsl_matrix_memcpy(g->dz1, g->dp1);
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			if (gsl_matrix_get(cache->z1, i, j) <= 0)
				gsl_matrix_set(g->dz1, i, j, 0);

	/* dW1 = X^T dz1 */
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
	gsl_matrix_add(g->dW1, r1);

	/* db1 */
	for (j = 0; j < H; j++) {
		t = 0;
		for (i = 0; i < N; i++)
			t = t + gsl_matrix_get(g->dz1, i, j);
		gsl_vector_set(g->db1, j, t);
	}

	g->present = BP_GRADS_ALL;
	err = 0;
out:
	gsl_matrix_free(r1);
	gsl_matrix_free(r2);
	return err;
}
