/*
 * backward.c
 *
 * Backward pass of the two layer net, one function per layer,
 * mirroring forward.c:
 *	fc1: z1 = X W1 + b1      relu: p1 = max(0, z1)
 *	fc2: z2 = p1 W2 + b2     loss: softmax + cross-entropy
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

static void softmax_loss_backward(const gsl_matrix *prob, const size_t *y,
				  gsl_matrix *dz)
{
	size_t i;
	size_t n = prob->size1;

	gsl_matrix_memcpy(dz, prob);
	for (i = 0; i < n; i++) {
		double *p = gsl_matrix_ptr(dz, i, y[i]);
		*p -= 1.0;
	}
	gsl_matrix_scale(dz, 1.0 / (double)n);
}

/*
 * dW = in^T dout + 2 reg W
 * db = sum of dout over the batch
 * din = dout W^T, skipped if din is NULL
 */
static void affine_backward(const gsl_matrix *dout, const gsl_matrix *in,
			    const gsl_matrix *W, double reg,
			    gsl_matrix *din, gsl_matrix *dW, gsl_vector *db)
{
	size_t i;

	gsl_matrix_memcpy(dW, W);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, in, dout, 2 * reg, dW);

	gsl_vector_set_zero(db);
	for (i = 0; i < dout->size1; i++) {
		gsl_vector_const_view r = gsl_matrix_const_row(dout, i);
		gsl_vector_add(db, &r.vector);
	}

	if (din)
		gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, din);
}

static void relu_backward(const gsl_matrix *dout, const gsl_matrix *in,
			  gsl_matrix *din)
{
	size_t i, j;

	for (i = 0; i < in->size1; i++)
		for (j = 0; j < in->size2; j++)
			gsl_matrix_set(din, i, j,
				       gsl_matrix_get(in, i, j) > 0 ?
				       gsl_matrix_get(dout, i, j) : 0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
		return 1;

	/* loss */
	softmax_loss_backward(cache->prob, y, g->dz2);

	/* fc2, its input is the hidden layer */
	affine_backward(g->dz2, cache->z1, net->W2, reg, g->dp1, g->dW2, g->db2);

	/* relu */
	relu_backward(g->dp1, cache->z1, g->dz1);

	/* fc1 */
	affine_backward(g->dz1, X, net->W1, reg, NULL, g->dW1, g->db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
