/* backward.c
 * ML assignment 2 -- backprop through the two layer network
 * (translated from my numpy version)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	size_t H = net->H;
	size_t C = net->C;
	size_t i, j;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* 1. gradient of the loss wrt the scores
	 *    dscores = probs; dscores[range(N), y] -= 1 */
	for (i = 0; i < N; i++) {
		for (j = 0; j < C; j++) {
			double d = gsl_matrix_get(cache->prob, i, j);
			if (j == y[i]) {
				d = d - 1;
			}
			gsl_matrix_set(g->dz2, i, j, d);
		}
	}

	/* 2. dW2 = p1.T @ dz2 + 2*reg*W2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
	               2 * reg, g->dW2);

	/* 3. db2 = sum over axis 0 */
	for (j = 0; j < C; j++) {
		double s = 0;
		for (i = 0; i < N; i++) {
			s += gsl_matrix_get(g->dz2, i, j);
		}
		gsl_vector_set(g->db2, j, s);
	}

	/* 4. dp1 = dz2 @ W2.T */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
	               g->dp1);

	/* 5. relu: zero where the unit was off */
	for (i = 0; i < N; i++) {
		for (j = 0; j < H; j++) {
			double z = gsl_matrix_get(cache->z1, i, j);
			gsl_matrix_set(g->dz1, i, j,
			               z > 0 ? gsl_matrix_get(g->dp1, i, j) : 0);
		}
	}

	/* 6. dW1 = X.T @ dz1 + 2*reg*W1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
	               2 * reg, g->dW1);

	/* 7. db1 */
	for (j = 0; j < H; j++) {
		double s = 0;
		for (i = 0; i < N; i++) {
			s += gsl_matrix_get(g->dz1, i, j);
		}
		gsl_vector_set(g->db1, j, s);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
