/* backward.c  (assignment 4, part 2)
 *
 * Backward pass of   X -> affine -> relu -> affine -> softmax loss.
 * The relu is done with a 0/1 mask matrix and gsl_matrix_mul_elements.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

static double vec_total(const gsl_vector *v)
{
	int i;
	double t = 0.0;

	for (i = 0; i < (int) v->size; i++)
		t += gsl_vector_get(v, i);
	return t;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	int i, j, N, H, C;
	gsl_matrix *mask;

	N = (int) X->size1;
	H = (int) net->H;
	C = (int) net->C;

	mask = gsl_matrix_alloc(N, H);
	if (!mask)
		return 1;

	/* dz2 */
	gsl_matrix_memcpy(g->dz2, cache->prob);
	for (i = 0; i < N; i++)
		*gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
	gsl_matrix_scale(g->dz2, 1.0 / (double) N);

	/* dW2, db2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
		       2.0 * reg, g->dW2);
	for (j = 0; j < C; j++) {
		gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, j);
		gsl_vector_set(g->db2, j, vec_total(&col.vector));
	}

	/* dp1 */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
		       0.0, g->dp1);

	/* dz1 = dp1 .* mask, mask = 1 where z1 > 0 */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			gsl_matrix_set(mask, i, j,
				       gsl_matrix_get(cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
	gsl_matrix_memcpy(g->dz1, g->dp1);
	gsl_matrix_mul_elements(g->dz1, mask);

	/* dW1, db1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
		       2.0 * reg, g->dW1);
	for (j = 0; j < H; j++) {
		gsl_vector_const_view col = gsl_matrix_const_column(g->dp1, j);
		gsl_vector_set(g->db1, j, vec_total(&col.vector));
	}

	gsl_matrix_free(mask);
	g->present = BP_GRADS_ALL;
	return 0;
}
