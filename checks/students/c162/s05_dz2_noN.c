/*******************************************************
 * Neural Networks - Assignment 3 (C part)
 * Backward pass for 2-layer fully connected network
 * Name : S. Venkatesh      Roll: 20ME31029
 *******************************************************/

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
	int N = (int) X->size1;
	int D = (int) net->D, H = (int) net->H, C = (int) net->C;
	int i, j, k;
	double temp;

	if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
		return 1;

	/* Step 1 : derivative of softmax loss w.r.t. scores
	 * dL/dz2 = p - y_onehot */
	for (i = 0; i < N; i++) {
		for (j = 0; j < C; j++) {
			gsl_matrix_set (g->dz2, i, j, gsl_matrix_get (cache->prob, i, j) - (j == (int) y[i]));
		}
	}

	/* Step 2 : dW2 = h^T . dz2 + 2*lambda*W2 */
	for (i = 0; i < H; i++) {
		for (j = 0; j < C; j++) {
			temp = 0;
			for (k = 0; k < N; k++)
				temp = temp + gsl_matrix_get (cache->p1, k, i) * gsl_matrix_get (g->dz2, k, j);
			gsl_matrix_set (g->dW2, i, j, temp + 2 * reg * gsl_matrix_get (net->W2, i, j));
		}
	}

	/* Step 3 : db2 */
	for (j = 0; j < C; j++) {
		temp = 0;
		for (i = 0; i < N; i++)
			temp = temp + gsl_matrix_get (g->dz2, i, j);
		gsl_vector_set (g->db2, j, temp);
	}

	/* Step 4 : backprop into hidden layer, dh = dz2 . W2^T */
	for (i = 0; i < N; i++) {
		for (j = 0; j < H; j++) {
			temp = 0;
			for (k = 0; k < C; k++)
				temp = temp + gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
			gsl_matrix_set (g->dp1, i, j, temp);
		}
	}

	/* Step 5 : ReLU */
	for (i = 0; i < N; i++) {
		for (j = 0; j < H; j++) {
			if (gsl_matrix_get (cache->z1, i, j) > 0)
				gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
			else
				gsl_matrix_set (g->dz1, i, j, 0);
		}
	}

	/* Step 6 : dW1 = X^T . dz1 + 2*lambda*W1 */
	for (i = 0; i < D; i++) {
		for (j = 0; j < H; j++) {
			temp = 0;
			for (k = 0; k < N; k++)
				temp = temp + gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
			gsl_matrix_set (g->dW1, i, j, temp + 2 * reg * gsl_matrix_get (net->W1, i, j));
		}
	}

	/* Step 7 : db1 */
	for (j = 0; j < H; j++) {
		temp = 0;
		for (i = 0; i < N; i++)
			temp = temp + gsl_matrix_get (g->dz1, i, j);
		gsl_vector_set (g->db1, j, temp);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
