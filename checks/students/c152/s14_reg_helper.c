/* backward.c -- reverse mode
 *
 * forward:
 *    z1 = X W1 + b1
 *    p1 = max(0, z1)
 *    z2 = p1 W2 + b2
 *    L  = 1/N sum -log(softmax(z2)[y]) + reg*(||W1||^2 + ||W2||^2)
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* adjoint of  out = in W  w.r.t. W:  adj_W = in^T adj_out  (overwrites) */
static void
matmul_adj_W(const gsl_matrix *in, const gsl_matrix *adj_out, gsl_matrix *adj_W)
{
	size_t n, a, b;
	for (a = 0; a < adj_W->size1; a++)
		for (b = 0; b < adj_W->size2; b++) {
			double s = 0.0;
			for (n = 0; n < in->size1; n++)
				s += in->data[n * in->tda + a] * adj_out->data[n * adj_out->tda + b];
			adj_W->data[a * adj_W->tda + b] = s;
		}
}

/* adjoint of the penalty reg*||W||^2, added to adj_W */
static void
reg_adj(const gsl_matrix *W, double reg, gsl_matrix *adj_W)
{
	size_t a, b;
	for (a = 0; a < W->size1; a++)
		for (b = 0; b < W->size2; b++)
			adj_W->data[a * adj_W->tda + b] += reg * W->data[a * W->tda + b];
}

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C;
	size_t i, j, k;
	double *adj_z2 = g->dz2->data, *adj_p1 = g->dp1->data, *adj_z1 = g->dz1->data;
	size_t t2 = g->dz2->tda, tp = g->dp1->tda, t1 = g->dz1->tda;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* L = 1/N sum -log softmax(z2)[y] */
	for (i = 0; i < N; i++) {
		for (k = 0; k < C; k++)
			adj_z2[i * t2 + k] = gsl_matrix_get(cache->prob, i, k) / N;
		adj_z2[i * t2 + y[i]] -= 1.0 / N;
	}

	/* z2 = p1 W2 + b2 */
	matmul_adj_W(cache->p1, g->dz2, g->dW2);
	reg_adj(net->W2, reg, g->dW2);
	gsl_vector_set_zero(g->db2);
	for (i = 0; i < N; i++)
		for (k = 0; k < C; k++)
			g->db2->data[k * g->db2->stride] += adj_z2[i * t2 + k];
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++) {
			double s = 0.0;
			for (k = 0; k < C; k++)
				s += adj_z2[i * t2 + k] * gsl_matrix_get(net->W2, j, k);
			adj_p1[i * tp + j] = s;
		}

	/* p1 = max(0, z1) */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			adj_z1[i * t1 + j] = gsl_matrix_get(cache->z1, i, j) > 0 ? adj_p1[i * tp + j] : 0.0;

	/* z1 = X W1 + b1 */
	matmul_adj_W(X, g->dz1, g->dW1);
	reg_adj(net->W1, reg, g->dW1);
	for (j = 0; j < H; j++) {
		double s = 0.0;
		for (i = 0; i < N; i++)
			s += adj_z1[i * t1 + j];
		gsl_vector_set(g->db1, j, s);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
