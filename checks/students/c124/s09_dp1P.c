/* backward.c  --  two-layer net
 *
 * P = softmax(Z2), Y one-hot:   G  = (P - Y)/n
 *                               dW2 = A'G + 2r W2,   db2 = 1'G
 *                               Gh = G W2'
 *                               Gz = Gh * 1(Z1 > 0)
 *                               dW1 = X'Gz + 2r W1,  db1 = 1'Gz
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t n = X->size1, h = net->H;
	gsl_matrix *P = cache->prob, *G = g->dz2, *Gh = g->dp1, *Gz = g->dz1;
	gsl_vector *e = gsl_vector_alloc(n);
	size_t i, j;

	if (e == NULL)
		return 1;
	gsl_vector_set_all(e, 1);

	gsl_matrix_memcpy(G, P);
	for (i = 0; i < n; i++)
		gsl_matrix_set(G, i, y[i], gsl_matrix_get(G, i, y[i]) - 1);
	gsl_matrix_scale(G, 1.0/n);

	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1, cache->p1, G, 2*reg, g->dW2);
	gsl_blas_dgemv(CblasTrans, 1, G, e, 0, g->db2);

	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1, P, net->W2, 0, Gh);

	for (i = 0; i < n; i++)
		for (j = 0; j < h; j++)
			if (gsl_matrix_get(cache->z1, i, j) > 0)
				gsl_matrix_set(Gz, i, j, gsl_matrix_get(Gh, i, j));
			else
				gsl_matrix_set(Gz, i, j, 0);

	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1, X, Gz, 2*reg, g->dW1);
	gsl_blas_dgemv(CblasTrans, 1, Gz, e, 0, g->db1);

	gsl_vector_free(e);
	g->present = BP_GRADS_ALL;
	return 0;
}
