/* HW4: backward.  A. Delacroix-Hume
 * dW's and db's with blas, the rest by hand. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	int N, H, C;
	int i, j, k;
	double *w2, *dz2, *dp1, *dz1, *z1;
	double s;
	gsl_vector *ones;

	N = X->size1;
	H = net->H;
	C = net->C;
	if (N != (int)cache->N || X->size2 != net->D || (int)g->N != N)
		return 1;
	ones = gsl_vector_alloc(N);
	if (!ones)
		return 1;
	gsl_vector_set_all(ones, 1.0);

	/* dz2 */
	gsl_matrix_memcpy(g->dz2, cache->prob);
	for (i = 0; i < N; i++)
		gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
	gsl_matrix_scale(g->dz2, 1.0 / N);

	/* dW2, db2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
	gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

	/* dp1 = dz2 . W2^T
	 * W2^T is C x H, so element [j][k] of it is w2[j*H + k] */
	w2 = net->W2->data;
	for (i = 0; i < N; i++) {
		dz2 = g->dz2->data + i * g->dz2->tda;
		dp1 = g->dp1->data + i * g->dp1->tda;
		for (k = 0; k < H; k++) {
			s = 0;
			for (j = 0; j < C; j++)
				s += dz2[j] * w2[j * H + k];
			dp1[k] = s;
		}
	}

	/* dz1 */
	for (i = 0; i < N; i++) {
		z1 = cache->z1->data + i * cache->z1->tda;
		dp1 = g->dp1->data + i * g->dp1->tda;
		dz1 = g->dz1->data + i * g->dz1->tda;
		for (k = 0; k < H; k++)
			dz1[k] = z1[k] > 0 ? dp1[k] : 0;
	}

	/* dW1, db1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
	gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

	gsl_vector_free(ones);
	g->present = BP_GRADS_ALL;
	return 0;
}
