/* backward.c -- HW3 backprop, sample by sample.
 *
 * For sample i the loss is l_i = -(1/N) log p[i][y_i] and the total is the
 * sum of the l_i plus the weight penalty.  So each gradient is a sum over
 * samples of a per-sample gradient; each per-sample gradient comes from
 * the chain rule through the graph with the Jacobians written out.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C;
	size_t i, j, k, h;
	gsl_vector *dl_dp = gsl_vector_alloc(C);
	gsl_vector *relu_jac = gsl_vector_alloc(H);   /* diagonal entries */

	gsl_matrix_set_zero(g->dW2);
	gsl_matrix_set_zero(g->dW1);
	gsl_vector_set_zero(g->db2);
	gsl_vector_set_zero(g->db1);
	/* penalty on W2 */
	for (h = 0; h < H; h++) {
		gsl_vector_const_view w = gsl_matrix_const_row(net->W2, h);
		gsl_vector_view dw = gsl_matrix_row(g->dW2, h);
		gsl_blas_daxpy(2.0 * reg, &w.vector, &dw.vector);
	}

	for (i = 0; i < N; i++) {
		gsl_vector_const_view p = gsl_matrix_const_row(cache->prob, i);
		gsl_vector_const_view x = gsl_matrix_const_row(X, i);
		gsl_vector_const_view a1 = gsl_matrix_const_row(cache->p1, i);
		gsl_vector_view dz2 = gsl_matrix_row(g->dz2, i);
		gsl_vector_view dp1 = gsl_matrix_row(g->dp1, i);
		gsl_vector_view dz1 = gsl_matrix_row(g->dz1, i);

		gsl_vector_set_zero(dl_dp);
		gsl_vector_set(dl_dp, y[i], -1.0 / ((double)N * gsl_vector_get(&p.vector, y[i])));
		/* dz2_j = sum_k dl_dp_k p_k (delta_kj - p_j) */
		for (j = 0; j < C; j++) {
			double s = 0;
			for (k = 0; k < C; k++)
				s += gsl_vector_get(dl_dp, k) * gsl_vector_get(&p.vector, k)
				     * ((k == j) - gsl_vector_get(&p.vector, j));
			gsl_vector_set(&dz2.vector, j, s);
		}
		/* dp1 = W2 dz2 */
		gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dz2.vector, 0.0, &dp1.vector);
		/* relu */
		for (h = 0; h < H; h++)
			gsl_vector_set(relu_jac, h, gsl_matrix_get(cache->z1, i, h) > 0.0);
		gsl_vector_memcpy(&dz1.vector, &dp1.vector);
		gsl_vector_mul(&dz1.vector, relu_jac);

		/* per-sample parameter gradients */
		gsl_blas_dger(1.0, &a1.vector, &dz2.vector, g->dW2);
		gsl_vector_add(g->db2, &dz2.vector);
		gsl_blas_dger(1.0, &x.vector, &dz1.vector, g->dW1);
		for (k = 0; k < net->D; k++) {   /* + penalty on W1 */
			gsl_vector_const_view w = gsl_matrix_const_row(net->W1, k);
			gsl_vector_view dw = gsl_matrix_row(g->dW1, k);
			gsl_blas_daxpy(2.0 * reg, &w.vector, &dw.vector);
		}
		gsl_vector_add(g->db1, &dz1.vector);
	}

	gsl_vector_free(dl_dp);
	gsl_vector_free(relu_jac);
	g->present = BP_GRADS_ALL;
	return 0;
}
