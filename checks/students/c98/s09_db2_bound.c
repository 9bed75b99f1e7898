#include "backprop.h"

/* accessors from the starter code */
#define AT(m,i,j) ((m)->data[(i)*(m)->tda+(j)])
#define VAT(v,i) ((v)->data[(i)*(v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/*
 * Backward pass, lab 4.
 * N = batch, D = input dim, H = hidden, C = classes
 */
int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, j, k;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	gsl_matrix_set_zero(g->dW2);
	gsl_matrix_set_zero(g->dp1);
	gsl_matrix_set_zero(g->dW1);
	gsl_vector_set_zero(g->db2);
	gsl_vector_set_zero(g->db1);

	/* dz2 */
	for (i = 0; i < N; i++)
		for (k = 0; k < C; k++)
			AT(g->dz2, i, k) = AT(cache->prob, i, k) / N;
	for (i = 0; i < N; i++)
		AT(g->dz2, i, y[i]) -= 1.0 / N;

	/* dW2 += p1[i]^T dz2[i] for each sample */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			for (k = 0; k < C; k++)
				AT(g->dW2, j, k) += AT(cache->p1, i, j) * AT(g->dz2, i, k);
	for (j = 0; j < H; j++)
		for (k = 0; k < C; k++)
			AT(g->dW2, j, k) += 2 * reg * AT(net->W2, j, k);

	/* db2 = column sums of dz2 */
	for (k = 0; k < C; k++)
		for (i = 0; i < C; i++)
			VAT(g->db2, k) += AT(g->dz2, i, k);

	/* dp1 */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			for (k = 0; k < C; k++)
				AT(g->dp1, i, j) += AT(g->dz2, i, k) * AT(net->W2, j, k);

	/* dz1 */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			AT(g->dz1, i, j) = AT(cache->z1, i, j) > 0 ? AT(g->dp1, i, j) : 0;

	/* dW1 */
	for (i = 0; i < N; i++)
		for (k = 0; k < D; k++)
			for (j = 0; j < H; j++)
				AT(g->dW1, k, j) += AT(X, i, k) * AT(g->dz1, i, j);
	for (k = 0; k < D; k++)
		for (j = 0; j < H; j++)
			AT(g->dW1, k, j) += 2 * reg * AT(net->W1, k, j);

	/* db1 */
	for (j = 0; j < H; j++)
		for (i = 0; i < N; i++)
			VAT(g->db1, j) += AT(g->dz1, i, j);

	g->present = BP_GRADS_ALL;
	return 0;
}
