/* ------------------------------------------------------------
   ML Lab  Ex.No: 10     Date: 14/03
   Title : Backpropagation (2 layer NN)
   Name  : Deepak Yadav           Roll no: 1905221
   ------------------------------------------------------------ */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	size_t D = net->D;
	size_t H = net->H;
	size_t C = net->C;
	size_t i, j, k;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	/* ---- output layer ---- */

	// dz2
	for (i = 0; i < N; i++) {
		for (j = 0; j < C; j++) {
			double p = gsl_matrix_get(cache->prob, i, j);
			double yy = (j == y[i]) ? 1 : 0;
			gsl_matrix_set(g->dz2, i, j, (p - yy) / N);
		}
	}

	// dW2
	for (i = 0; i < H; i++) {
		for (j = 0; j < C; j++) {
			double s = 2 * reg * gsl_matrix_get(net->W2, i, j);
			for (k = 0; k < N; k++)
				s += gsl_matrix_get(cache->p1, k, i) * gsl_matrix_get(g->dz2, k, j);
			gsl_matrix_set(g->dW2, i, j, s);
		}
	}

	// db2
	for (j = 0; j < C; j++) {
		double s = 0;
		for (i = 0; i < N; i++)
			s += gsl_matrix_get(g->dz2, i, j);
		gsl_vector_set(g->db2, j, s);
	}

	/* ---- hidden layer ---- */

	// dp1
	for (i = 0; i < N; i++) {
		for (j = 0; j < H; j++) {
			double s = 0;
			for (k = 0; k < C; k++)
				s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
			gsl_matrix_set(g->dp1, i, j, s);
		}
	}

	// dz1 = dp1 * derivative of relu
	for (i = 0; i < N; i++) {
		for (j = 0; j < H; j++) {
			double a = gsl_matrix_get(cache->p1, i, j);
			gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j) * a);
		}
	}

	// dW1
	for (i = 0; i < D; i++) {
		for (j = 0; j < H; j++) {
			double s = 2 * reg * gsl_matrix_get(net->W1, i, j);
			for (k = 0; k < N; k++)
				s += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
			gsl_matrix_set(g->dW1, i, j, s);
		}
	}

	// db1
	for (j = 0; j < H; j++) {
		double s = 0;
		for (i = 0; i < N; i++)
			s += gsl_matrix_get(g->dz1, i, j);
		gsl_vector_set(g->db1, j, s);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
