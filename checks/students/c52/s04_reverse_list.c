/*
 * backprop.c - Intro to Neural Networks, homework 3
 * Priya Raman
 *
 * The network is a list of layers (dense, relu, dense, softmax-CE) and
 * backward() runs the list from the end, each layer reading the gradient
 * of its output (dout) and writing the gradient of its input (din).
 * Per-sample BLAS level 2: an outer product per row for dW, dgemv per row
 * for din.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

enum kind { DENSE, RELU, SOFTMAX_CE };

typedef struct layer {
	enum kind kind;
	const gsl_matrix *in;	/* dense: its input; relu: z; softmax: prob */
	const gsl_matrix *W;
	gsl_matrix *dW;
	gsl_vector *db;
	const gsl_matrix *dout;	/* gradient of the output (NULL for the loss) */
	gsl_matrix *din;	/* gradient of the input (NULL: not wanted) */
} layer_t;

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

static void softmax_ce_backward(gsl_matrix *din, const gsl_matrix *prob,
				const size_t *y)
{
	size_t i, N = prob->size1;

	gsl_matrix_memcpy(din, prob);
	for (i = 0; i < N; i++) {
		gsl_vector_view r = gsl_matrix_row(din, i);
		gsl_vector_set(&r.vector, y[i], gsl_vector_get(&r.vector, y[i]) - 1.0);
		gsl_vector_scale(&r.vector, 1.0 / (double)N);
	}
}

static void relu_backward(gsl_matrix *din, const gsl_matrix *dout,
			  const gsl_matrix *z)
{
	size_t i, j;

	gsl_matrix_memcpy(din, dout);
	for (i = 0; i < z->size1; i++)
		for (j = 0; j < z->size2; j++)
			if (gsl_matrix_get(z, i, j) <= 0.0)
				*gsl_matrix_ptr(din, i, j) = 0.0;
}

/* dW = 2 reg W + sum_n in_n dout_n',  db = sum_n dout_n,  din_n = W dout_n */
static void dense_backward(gsl_matrix *din, gsl_matrix *dW, gsl_vector *db,
			   const gsl_matrix *dout, const gsl_matrix *in,
			   const gsl_matrix *W, double reg)
{
	size_t n;

	gsl_matrix_memcpy(dW, W);
	gsl_matrix_scale(dW, 2.0 * reg);
	gsl_vector_set_zero(db);

	for (n = 0; n < dout->size1; n++) {
		gsl_vector_const_view x = gsl_matrix_const_row(in, n);
		gsl_vector_const_view d = gsl_matrix_const_row(dout, n);

		gsl_blas_dger(1.0, &x.vector, &d.vector, dW);
		gsl_vector_add(db, &d.vector);
		if (din) {
			gsl_vector_view o = gsl_matrix_row(din, n);
			gsl_blas_dgemv(CblasNoTrans, 1.0, W, &d.vector, 0.0, &o.vector);
		}
	}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	int i;
	layer_t net_layers[4] = {
		{ DENSE,      X,           net->W1, g->dW1, g->db1, g->dz1, NULL   },
		{ RELU,       cache->z1,   NULL,    NULL,   NULL,   g->dp1, g->dz1 },
		{ DENSE,      cache->p1,   net->W2, g->dW2, g->db2, g->dz2, g->dp1 },
		{ SOFTMAX_CE, cache->prob, NULL,    NULL,   NULL,   NULL,   g->dz2 },
	};

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	for (i = 3; i >= 0; i--) {
		layer_t *L = &net_layers[i];

		switch (L->kind) {
		case SOFTMAX_CE:
			softmax_ce_backward(L->din, L->in, y);
			break;
		case DENSE:
			dense_backward(L->din, L->dW, L->db, L->dout, L->in, L->W, reg);
			break;
		case RELU:
			relu_backward(L->din, L->dout, L->in);
			break;
		}
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
