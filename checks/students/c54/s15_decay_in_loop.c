/* backward.c -- backprop, example by example
 *
 * The deltas get the 1/N of the mean when they are made, so the nablas
 * are averages as soon as the loop is over.  The derivative of the
 * penalty reg*|W|^2 is 2*reg*W.
 */
#include "backprop.h"

#define MAXUNITS 128

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t n, i, j, k;
	double sens2[MAXUNITS], sens1[MAXUNITS];

	if (H > MAXUNITS || C > MAXUNITS)
		return 1;

	/* dW2 starts from the penalty term, the rest from zero */
	for (j = 0; j < H; j++)
		for (k = 0; k < C; k++)
			*gsl_matrix_ptr(g->dW2, j, k) = 2.0 * reg * gsl_matrix_get(net->W2, j, k);
	gsl_vector_set_zero(g->db2);
	gsl_matrix_set_zero(g->dW1);
	gsl_vector_set_zero(g->db1);

	for (n = 0; n < N; n++) {
		double *dz2 = gsl_matrix_ptr(g->dz2, n, 0);
		double *dp1 = gsl_matrix_ptr(g->dp1, n, 0);
		double *dz1 = gsl_matrix_ptr(g->dz1, n, 0);
		const double *x = gsl_matrix_const_ptr(X, n, 0);
		const double *a1 = gsl_matrix_const_ptr(cache->p1, n, 0);
		const double *z1 = gsl_matrix_const_ptr(cache->z1, n, 0);

		for (k = 0; k < C; k++) {
			sens2[k] = gsl_matrix_get(cache->prob, n, k);
			if (k == y[n])
				sens2[k] -= 1.0;
			sens2[k] /= (double) N;
			dz2[k] = sens2[k];
			*gsl_vector_ptr(g->db2, k) += sens2[k];
			for (j = 0; j < H; j++)
				*gsl_matrix_ptr(g->dW2, j, k) += a1[j] * sens2[k];
		}

		for (j = 0; j < H; j++) {
			double s = 0.0;
			for (k = 0; k < C; k++)
				s += gsl_matrix_get(net->W2, j, k) * sens2[k];
			dp1[j] = s;
			sens1[j] = z1[j] > 0.0 ? s : 0.0;
			dz1[j] = sens1[j];
		}

		for (j = 0; j < H; j++) {
			*gsl_vector_ptr(g->db1, j) += sens1[j];
			for (i = 0; i < D; i++)
				*gsl_matrix_ptr(g->dW1, i, j) += x[i] * sens1[j]
					+ 2.0 * reg * gsl_matrix_get(net->W1, i, j);
		}
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
