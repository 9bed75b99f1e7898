/* Propagacja wsteczna dla sieci dwuwarstwowej (ReLU + softmax)
 * Bartosz Krawczyk, gr. 5 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t N = X->size1;
	const size_t H = net->H, C = net->C;
	size_t n, h, c;
	double suma;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* dz2 */
	for (n = 0; n < N; n++) {
		for (c = 0; c < C; c++) {
			double wsp = gsl_matrix_get(cache->prob, n, c);
			if (c == y[n]) wsp -= 1.0;
			gsl_matrix_set(g->dz2, n, c, wsp / (double)N);
		}
	}

	/* dW2 = p1' dz2 + 2 reg W2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

	/* db2 */
	for (c = 0; c < C; c++) {
		suma = 0.0;
		for (n = 0; n < N; n++)
			suma += gsl_matrix_get(g->dz2, n, c);
		gsl_vector_set(g->db2, c, suma);
	}

	/* dp1 = dz2 W2' */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

	/* dz1 = dp1 .* (z1 > 0) */
	for (n = 0; n < N; n++)
		for (h = 0; h < H; h++)
			gsl_matrix_set(g->dz1, n, h,
			               gsl_matrix_get(cache->z1, n, h) > 0.0 ? gsl_matrix_get(g->dp1, n, h) : 0.0);

	/* dW1 = X' dz1 + 2 reg W1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

	/* db1 - suma po probkach */
	for (h = 0; h < H; h++) {
		suma = 0.0;
		for (n = 1; n < N; n++)
			suma += gsl_matrix_get(g->dz1, n, h);
		gsl_vector_set(g->db1, h, suma);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
