/* Backward pass of the 2-layer net.
 * Notation: X (n,d), W1 (d,h), A = relu(Z1) (n,h), W2 (h,k), P (n,k).
 * Each affine layer Z = A W + b goes back as
 *     dW = A' G + 2 r W,   db = sum_i G_i,   dA = G W'
 * (helpers below).  Wt is W2 transposed, kept so that dA is a plain product. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

static void colsum(const gsl_matrix *G, gsl_vector *b)
{
	size_t i;
	gsl_vector_set_zero(b);
	for (i = 0; i < G->size1; i++) {
		gsl_vector_const_view r = gsl_matrix_const_row(G, i);
		gsl_vector_add(b, &r.vector);
	}
}

/* dW = A'G + 2rW */
static void wgrad(const gsl_matrix *A, const gsl_matrix *G,
		  const gsl_matrix *W, double r, gsl_matrix *dW)
{
	size_t i, j;
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, G, 0.0, dW);
	for (i = 0; i < W->size1; i++)
		for (j = 0; j < W->size2; j++)
			*gsl_matrix_ptr(dW, i, j) += 2*r*gsl_matrix_get(W, i, j);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t n = X->size1, h = net->H, k = net->C, i, j;
	gsl_matrix *Wt = gsl_matrix_alloc(k, h);

	if (Wt == NULL)
		return 1;
	gsl_matrix_transpose_memcpy(Wt, net->W2);

	/* softmax + cross entropy */
	for (i = 0; i < n; i++)
		for (j = 0; j < k; j++) {
			double t = gsl_matrix_get(cache->prob, i, j);
			if (j == y[i])
				t -= 1;
			gsl_matrix_set(g->dz2, i, j, t/n);
		}

	wgrad(cache->p1, g->dz2, net->W2, reg, g->dW2);
	colsum(g->dz2, g->db2);
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, g->dz2, Wt, 0.0, g->dp1);

	/* relu */
	gsl_matrix_memcpy(g->dz1, g->dp1);
	for (i = 0; i < n; i++)
		for (j = 0; j < h; j++)
			if (gsl_matrix_get(cache->z1, i, j) <= 0)
				gsl_matrix_set(g->dz1, i, j, 0);

	wgrad(X, g->dz1, net->W1, reg, g->dW1);
	colsum(g->dz1, g->db1);

	gsl_matrix_free(Wt);
	g->present = BP_GRADS_ALL;
	return 0;
}
