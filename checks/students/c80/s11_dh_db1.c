/* Karl B.  --  Machine Learning II, assignment 3
 * backward pass of the two layer network
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C;
	size_t i, j;
	double s;
	const gsl_matrix *dh = g->dp1;   /* upstream grad into hidden layer */

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* softmax + cross entropy */
	for (i = 0; i < N; i++) {
		for (j = 0; j < C; j++) {
			double ind = (j == y[i]) ? 1.0 : 0.0;
			gsl_matrix_set(g->dz2, i, j, (gsl_matrix_get(cache->prob, i, j) - ind) / (double)N);
		}
	}

	/* W2, b2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
	for (j = 0; j < C; j++) {
		s = 0.0;
		for (i = 0; i < N; i++)
			s += gsl_matrix_get(g->dz2, i, j);
		gsl_vector_set(g->db2, j, s);
	}

	/* hidden layer */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			gsl_matrix_set(g->dz1, i, j,
			    gsl_matrix_get(cache->z1, i, j) > 0.0 ? gsl_matrix_get(dh, i, j) : 0.0);

	/* W1, b1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
	for (j = 0; j < H; j++) {
		s = 0.0;
		for (i = 0; i < N; i++)
			s += gsl_matrix_get(dh, i, j);
		gsl_vector_set(g->db1, j, s);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
