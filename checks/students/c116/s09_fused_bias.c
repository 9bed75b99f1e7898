/* backward() for the 2 layer net.
 *
 * Small optimisation: the bias grad of the output layer is just the sum of
 * the logit grads, so softmax_xent_backward fills it in the same loop and
 * linear_backward skips db when it gets NULL. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

struct linear {
	const gsl_matrix *W;
	gsl_matrix *dW;
	gsl_vector *db;
};

static void softmax_xent_backward(const gsl_matrix *prob, const size_t *y,
				  gsl_matrix *grad_logits, gsl_vector *grad_bias)
{
	size_t N = prob->size1, C = prob->size2, i, c;

	gsl_vector_set_zero(grad_bias);
	for (i = 0; i < N; i++) {
		for (c = 0; c < C; c++) {
			double d = gsl_matrix_get(prob, i, c) - (c == y[i] ? 1.0 : 0.0);
			gsl_matrix_set(grad_logits, i, c, d);
			gsl_vector_set(grad_bias, c, gsl_vector_get(grad_bias, c) + d);
		}
	}
	gsl_matrix_scale(grad_logits, 1.0 / (double) N);	/* mean over batch */
}

static void linear_backward(struct linear *layer, const gsl_matrix *inp,
			    const gsl_matrix *grad_out, gsl_matrix *grad_in,
			    double reg)
{
	size_t i;

	gsl_matrix_memcpy(layer->dW, layer->W);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, inp, grad_out,
		       2.0 * reg, layer->dW);
	if (layer->db) {
		gsl_vector_set_zero(layer->db);
		for (i = 0; i < grad_out->size1; i++) {
			gsl_vector_const_view row = gsl_matrix_const_row(grad_out, i);
			gsl_vector_add(layer->db, &row.vector);
		}
	}
	if (grad_in)
		gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, grad_out, layer->W,
			       0.0, grad_in);
}

static void relu_backward(const gsl_matrix *grad_out, const gsl_matrix *z,
			  gsl_matrix *grad_in)
{
	size_t i, j;
	gsl_matrix_memcpy(grad_in, grad_out);
	for (i = 0; i < z->size1; i++)
		for (j = 0; j < z->size2; j++)
			if (gsl_matrix_get(z, i, j) <= 0)
				gsl_matrix_set(grad_in, i, j, 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	struct linear fc1 = { net->W1, g->dW1, g->db1 };
	struct linear fc2 = { net->W2, g->dW2, NULL };	/* db2 done by the loss */

	softmax_xent_backward(cache->prob, y, g->dz2, g->db2);
	linear_backward(&fc2, cache->p1, g->dz2, g->dp1, reg);
	relu_backward(g->dp1, cache->z1, g->dz1);
	linear_backward(&fc1, X, g->dz1, NULL, reg);

	g->present = BP_GRADS_ALL;
	return 0;
}
