#include <gsl/gsl_blas.h>
#include "backprop.h"

/*
 * Backprop of the 2 layer net (LINEAR -> RELU -> LINEAR -> SOFTMAX).
 * Formulas from the course, rewritten for samples in rows:
 *   dZ2 = (A2 - Y) / m                         (m, n_y)
 *   dW2 = 1/m dZ2 A1^T   ->   A1^T dZ2          (n_h, n_y)
 *   db2 = sum over samples of dZ2
 *   dA1 = W2^T dZ2       ->   dZ2 W2^T          (m, n_h)
 *   dZ1 = dA1 * g'(Z1)
 *   dW1 = X^T dZ1,  db1 = sum of dZ1
 * plus 2 lambd W for the L2 part (our loss has lambd * ||W||^2).
 */

typedef struct {
	const gsl_matrix *Z1, *A1, *A2;
	const gsl_matrix *W1, *W2;
} cache_t;

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

static void colsum(const gsl_matrix *dZ, gsl_vector *db)
{
	size_t i;
	gsl_vector_set_zero(db);
	for (i = 0; i < dZ->size1; i++) {
		gsl_vector_const_view r = gsl_matrix_const_row(dZ, i);
		gsl_vector_add(db, &r.vector);
	}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	cache_t c = { cache->z1, cache->p1, cache->prob, net->W1, net->W2 };
	size_t m = X->size1;
	double lambd = reg;
	size_t i, j;

	/* dZ2 */
	gsl_matrix_memcpy(g->dz2, c.A2);
	for (i = 0; i < m; i++)
		*gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
	gsl_matrix_scale(g->dz2, 1.0 / m);

	/* dW2 = 1/m * A1^T dZ2, then the reg term */
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0 / m, c.A1, g->dz2, 0.0, g->dW2);
	for (i = 0; i < g->dW2->size1; i++)
		for (j = 0; j < g->dW2->size2; j++)
			*gsl_matrix_ptr(g->dW2, i, j) += 2.0 * lambd * gsl_matrix_get(c.W2, i, j);

	colsum(g->dz2, g->db2);

	/* dA1 */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, c.W2, 0.0, g->dp1);

	/* dZ1 = dA1 * relu'(Z1) */
	gsl_matrix_memcpy(g->dz1, g->dp1);
	for (i = 0; i < m; i++)
		for (j = 0; j < net->H; j++)
			if (gsl_matrix_get(c.Z1, i, j) <= 0)
				gsl_matrix_set(g->dz1, i, j, 0.0);

	/* dW1 = X^T dZ1 + 2 lambd W1 */
	gsl_matrix_memcpy(g->dW1, c.W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * lambd, g->dW1);
	colsum(g->dz1, g->db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
