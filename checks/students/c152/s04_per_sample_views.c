// backward pass, one sample at a time
//
// The forward pass for sample i is
//     z1_i = W1' x_i + b1,  p1_i = relu(z1_i),  z2_i = W2' p1_i + b2
//     L_i  = -log softmax(z2_i)[y_i]
// and L = 1/N sum_i L_i + reg*(|W1|^2 + |W2|^2).
// I reverse it for each sample and add the parameter adjoints up.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H;
	size_t i, h;
	gsl_matrix *adj_W1, *adj_W2;
	gsl_vector *adj_b1, *adj_b2;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	adj_W1 = gsl_matrix_calloc(net->D, H);
	adj_W2 = gsl_matrix_calloc(H, net->C);
	adj_b1 = gsl_vector_calloc(H);
	adj_b2 = gsl_vector_calloc(net->C);

	for (i = 0; i < N; i++) {
		gsl_vector_const_view x_i = gsl_matrix_const_row(X, i);
		gsl_vector_const_view p1_i = gsl_matrix_const_row(cache->p1, i);
		gsl_vector_const_view z1_i = gsl_matrix_const_row(cache->z1, i);
		gsl_vector_const_view prob_i = gsl_matrix_const_row(cache->prob, i);
		gsl_vector_view adj_z2 = gsl_matrix_row(g->dz2, i);
		gsl_vector_view adj_p1 = gsl_matrix_row(g->dp1, i);
		gsl_vector_view adj_z1 = gsl_matrix_row(g->dz1, i);

		// L_i = -log softmax(z2_i)[y_i], weight 1/N in L
		gsl_vector_memcpy(&adj_z2.vector, &prob_i.vector);
		gsl_vector_set(&adj_z2.vector, y[i], gsl_vector_get(&adj_z2.vector, y[i]) - 1.0);
		gsl_vector_scale(&adj_z2.vector, 1.0 / N);

		// z2_i = W2' p1_i + b2
		gsl_blas_dger(1.0, &p1_i.vector, &adj_z2.vector, adj_W2);
		gsl_vector_add(adj_b2, &adj_z2.vector);
		gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &adj_z2.vector, 0.0, &adj_p1.vector);

		// p1_i = relu(z1_i)
		for (h = 0; h < H; h++) {
			double a = gsl_vector_get(&adj_p1.vector, h);
			gsl_vector_set(&adj_z1.vector, h, gsl_vector_get(&z1_i.vector, h) > 0 ? a : 0.0);
		}

		// z1_i = W1' x_i + b1
		gsl_blas_dger(1.0, &x_i.vector, &adj_z1.vector, adj_W1);
		gsl_vector_add(adj_b1, &adj_z1.vector);
	}

	// the penalty: reg*|W|^2 -> 2*reg*W
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_matrix_scale(g->dW1, 2 * reg);
	gsl_matrix_add(g->dW1, adj_W1);
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_matrix_scale(g->dW2, 2 * reg);
	gsl_matrix_add(g->dW2, adj_W2);
	gsl_vector_memcpy(g->db1, adj_b1);
	gsl_vector_memcpy(g->db2, adj_b2);

	gsl_matrix_free(adj_W1);
	gsl_matrix_free(adj_W2);
	gsl_vector_free(adj_b1);
	gsl_vector_free(adj_b2);

	g->present = BP_GRADS_ALL;
	return 0;
}
