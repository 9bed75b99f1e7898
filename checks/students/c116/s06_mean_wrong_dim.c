/* Two-layer net backward.  M(a,i,j) reads, SET(a,i,j,v) writes.
 * Chain: CrossEntropy.backward -> Linear2.backward -> ReLU.backward
 *        -> Linear1.backward                                         */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define M(a, i, j)      gsl_matrix_get((a), (i), (j))
#define SET(a, i, j, v) gsl_matrix_set((a), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

struct linear { const gsl_matrix *W; gsl_matrix *dW; gsl_vector *db; };

static void
softmax_xent_backward(const gsl_matrix *prob, const size_t *y, gsl_matrix *grad)
{
	size_t i, c;
	double inv = 1.0 / (double) grad->size2;   /* mean over the batch */

	for (i = 0; i < grad->size1; i++)
		for (c = 0; c < grad->size2; c++)
			SET(grad, i, c, inv * (M(prob, i, c) - (c == y[i] ? 1.0 : 0.0)));
}

static void
linear_backward(struct linear *l, const gsl_matrix *in, const gsl_matrix *grad_out,
		gsl_matrix *grad_in, double reg)
{
	size_t i, j;

	/* weight: in^T grad_out, then + 2 reg W */
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, in, grad_out, 0.0, l->dW);
	for (i = 0; i < l->W->size1; i++)
		for (j = 0; j < l->W->size2; j++)
			SET(l->dW, i, j, M(l->dW, i, j) + 2.0 * reg * M(l->W, i, j));

	/* bias: column sums */
	for (j = 0; j < grad_out->size2; j++) {
		double s = 0.0;
		for (i = 0; i < grad_out->size1; i++)
			s += M(grad_out, i, j);
		gsl_vector_set(l->db, j, s);
	}

	if (grad_in != NULL)
		gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, grad_out, l->W, 0.0, grad_in);
}

static void
relu_backward(const gsl_matrix *grad_out, const gsl_matrix *z, gsl_matrix *grad_in)
{
	size_t i, j;
	for (i = 0; i < z->size1; i++)
		for (j = 0; j < z->size2; j++)
			SET(grad_in, i, j, M(z, i, j) > 0 ? M(grad_out, i, j) : 0.0);
}

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	 double reg, const bp_cache *cache, bp_grads *g)
{
	struct linear lin1 = { net->W1, g->dW1, g->db1 };
	struct linear lin2 = { net->W2, g->dW2, g->db2 };

	softmax_xent_backward(cache->prob, y, g->dz2);
	linear_backward(&lin2, cache->p1, g->dz2, g->dp1, reg);
	relu_backward(g->dp1, cache->z1, g->dz1);
	linear_backward(&lin1, X, g->dz1, NULL, reg);

	g->present = BP_GRADS_ALL;
	return 0;
}
