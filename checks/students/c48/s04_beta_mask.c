/* backward.c -- NN lab 4: backpropagation by hand.
 *
 * Name: Elif Yilmaz                   Group: A3
 *
 * Complete the five helper functions below, then call them from
 * backward() in backprop order (the places are marked).  backward() must
 * fill all seven gradients of g.  Shapes: N samples (rows), D inputs,
 * H hidden units, C classes; all matrices are GSL row-major.
 *
 *   build:  cc -shared -fPIC $(pkg-config --cflags backprop) \
 *              -o backward.so backward.c
 *   check:  gradcheck --backward ./backward.so
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

/* (1) Gradient of the mean softmax cross-entropy w.r.t. the scores z2.
 *     prob (N x C) = softmax(z2) row by row, y (N) the labels.
 *     Writes dz2 (N x C). */
static void softmax_xent_backward(const gsl_matrix *prob, const size_t *y,
                                  gsl_matrix *dz2)
{
	size_t i, k, N = prob->size1, C = prob->size2;

	for (i = 0; i < N; i++) {
		const double *p = prob->data + i * prob->tda;
		double *d = dz2->data + i * dz2->tda;

		for (k = 0; k < C; k++)
			d[k] = p[k] / N;
		d[y[i]] -= 1.0 / N;
	}
}

/* (2) s[j] = sum over the rows i of A[i][j].   A (N x M), s (M). */
static void column_sums(const gsl_matrix *A, gsl_vector *s)
{
	size_t j;

	for (j = 0; j < A->size2; j++) {
		gsl_vector_const_view col = gsl_matrix_const_column(A, j);
		gsl_vector_set(s, j, gsl_vector_sum(&col.vector));
	}
}

/* (3) add_l2: not needed any more, the 2 reg W goes in through beta of
 *     the dgemm in linear_backward (dW = 2 reg W first, then += in^T dout). */

/* (4) Backward of the affine layer out = in W + 1 b^T.
 *     in (N x K), W (K x M), dout (N x M).
 *       dW  (K x M) = in^T dout + 2 reg W      (use add_l2)
 *       db  (M)     = column sums of dout      (use column_sums)
 *       din (N x K) = dout W^T                 (skip when din == NULL) */
static void linear_backward(const gsl_matrix *in, const gsl_matrix *W,
                            const gsl_matrix *dout, double reg,
                            gsl_matrix *dW, gsl_vector *db, gsl_matrix *din)
{
	gsl_matrix_memcpy(dW, W);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, in, dout, 2.0 * reg, dW);

	column_sums(dout, db);

	if (din != NULL)
		gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, din);
}

/* my extra helper: M[i][j] = 1 if z[i][j] > 0, else 0 */
static void relu_mask(const gsl_matrix *z, gsl_matrix *M)
{
	size_t i, j;

	for (i = 0; i < z->size1; i++)
		for (j = 0; j < z->size2; j++)
			gsl_matrix_set(M, i, j, gsl_matrix_get(z, i, j) > 0.0 ? 1.0 : 0.0);
}

/* (5) Backward of p = max(0, z): din = dout where z > 0, 0 elsewhere.
 *     z, dout, din (N x H). */
static void relu_backward(const gsl_matrix *z, const gsl_matrix *dout,
                          gsl_matrix *din)
{
	gsl_matrix *mask = gsl_matrix_alloc(z->size1, z->size2);

	relu_mask(z, mask);
	gsl_matrix_memcpy(din, dout);
	gsl_matrix_mul_elements(din, mask);	/* elementwise, not a product */
	gsl_matrix_free(mask);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;

    /* shapes come from gradcheck; a mismatch is an error */
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* -- dz2 -- */
    softmax_xent_backward(cache->prob, y, g->dz2);

    /* -- second layer: dW2, db2, dp1 -- */
    linear_backward(cache->p1, net->W2, g->dz2, reg, g->dW2, g->db2, g->dp1);

    /* -- ReLU: dz1 -- */
    relu_backward(cache->z1, g->dp1, g->dz1);

    /* -- first layer: dW1, db1 (no din) -- */
    linear_backward(X, net->W1, g->dz1, reg, g->dW1, g->db1, NULL);

    /* all seven gradients are filled */
    g->present = BP_GRADS_ALL;
    return 0;
}
