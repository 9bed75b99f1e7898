/* Backward pass for the two-layer network.
 * Lab 4, part 2.  Helpers below, one per gradient, in backprop order.
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

static void
softmax_back(const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
	size_t n, c;
	double N = (double) prob->size1;

	for (n = 0; n < prob->size1; n++)
		for (c = 0; c < prob->size2; c++) {
			double t = (c == y[n]) ? 1.0 : 0.0;
			gsl_matrix_set(dz2, n, c, (gsl_matrix_get(prob, n, c) - t) / N);
		}
}

/* weight grad of the second layer, with the L2 term */
static void
layer2_dW(const gsl_matrix *p1, const gsl_matrix *dz2, const gsl_matrix *W2,
	  double reg, gsl_matrix *dW2)
{
	size_t h, c, n;
	double acc;

	for (h = 0; h < dW2->size1; h++)
		for (c = 0; c < dW2->size2; c++) {
			acc = 0.0;
			for (n = 0; n < p1->size1; n++)
				acc += gsl_matrix_get(p1, n, h) * gsl_matrix_get(dz2, n, c);
			gsl_matrix_set(dW2, h, c, acc + 2.0 * reg * gsl_matrix_get(W2, h, c));
		}
}

static void
layer2_db(const gsl_matrix *dz2, gsl_vector *db2)
{
	size_t n, c;
	double acc;

	for (c = 0; c < db2->size; c++) {
		acc = 0.0;
		for (n = 0; n < dz2->size1; n++)
			acc += gsl_matrix_get(dz2, n, c);
		gsl_vector_set(db2, c, acc);
	}
}

/* gradient flowing back into the hidden layer: dz2 times W2 transposed */
static void
layer2_dinput(const gsl_matrix *dz2, const gsl_matrix *W, gsl_matrix *dp1)
{
	size_t n, h, c;
	double acc;

	for (n = 0; n < dp1->size1; n++)
		for (h = 0; h < dp1->size2; h++) {
			acc = 0.0;
			for (c = 0; c < dz2->size2; c++)
				acc += gsl_matrix_get(dz2, n, c) * gsl_matrix_get(W, h, c);
			gsl_matrix_set(dp1, n, h, acc);
		}
}

static void
relu_back(const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
	size_t n, h;

	for (n = 0; n < dz1->size1; n++)
		for (h = 0; h < dz1->size2; h++)
			gsl_matrix_set(dz1, n, h, gsl_matrix_get(z1, n, h) > 0.0
				       ? gsl_matrix_get(dp1, n, h) : 0.0);
}

static void
layer1_dW(const gsl_matrix *X, const gsl_matrix *dz1, const gsl_matrix *W1,
	  double reg, gsl_matrix *dW1)
{
	size_t d, h, n;
	double acc;

	for (d = 0; d < dW1->size1; d++)
		for (h = 0; h < dW1->size2; h++) {
			acc = 0.0;
			for (n = 0; n < X->size1; n++)
				acc += gsl_matrix_get(X, n, d) * gsl_matrix_get(dz1, n, h);
			gsl_matrix_set(dW1, d, h, acc + 2.0 * reg * gsl_matrix_get(W1, d, h));
		}
}

static void
layer1_db(const gsl_matrix *dz1, gsl_vector *db1)
{
	size_t n, h;
	double acc;

	for (h = 0; h < db1->size; h++) {
		acc = 0.0;
		for (n = 0; n < dz1->size1; n++)
			acc += gsl_matrix_get(dz1, n, h);
		gsl_vector_set(db1, h, acc);
	}
}

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	 double reg, const bp_cache *cache, bp_grads *g)
{
	if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
		return 1;

	softmax_back(cache->prob, y, g->dz2);
	layer2_dW(cache->p1, g->dz2, net->W2, reg, g->dW2);
	layer2_db(g->dz2, g->db2);
	layer2_dinput(g->dz2, g->dW2, g->dp1);
	relu_back(g->dp1, cache->z1, g->dz1);
	layer1_dW(X, g->dz1, net->W1, reg, g->dW1);
	layer1_db(g->dz1, g->db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
