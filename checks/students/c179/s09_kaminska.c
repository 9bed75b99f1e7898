/* Magdalena Kaminska, nr albumu 412xxx
 * Zadanie: backward dla sieci X -> W1,b1 -> ReLU -> W2,b2 -> softmax */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double iloczyn_kolumn(const gsl_matrix *A, size_t a, const gsl_matrix *B, size_t b)
{
	/* suma po wierszach A[i][a] * B[i][b], czyli element (a,b) z A^T B */
	double suma = 0.0;
	size_t i;
	for (i = 0; i < A->size1; i++)
		suma += gsl_matrix_get(A, i, a) * gsl_matrix_get(B, i, b);
	return suma;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, j, k;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	/* dz2 */
	for (i = 0; i < N; i++)
		for (k = 0; k < C; k++) {
			double v = gsl_matrix_get(cache->prob, i, k);
			if (y[i] == k)
				v -= 1;
			gsl_matrix_set(g->dz2, i, k, v / N);
		}

	/* dW2 */
	for (j = 0; j < H; j++)
		for (k = 0; k < C; k++)
			gsl_matrix_set(g->dW2, j, k, iloczyn_kolumn(cache->p1, j, g->dz2, k)
			               + 2 * reg * gsl_matrix_get(net->W2, j, k));

	/* db2 */
	for (k = 0; k < C; k++) {
		double s = 0;
		for (i = 0; i < N; i++)
			s += gsl_matrix_get(g->dz2, i, k);
		gsl_vector_set(g->db2, k, s);
	}

	/* dp1 = dz2 W2^T */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++) {
			double s = 0;
			for (k = 0; k < C; k++)
				s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
			gsl_matrix_set(g->dp1, i, j, s);
		}

	/* dz1 - ReLU przepuszcza tylko dodatnie */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++) {
			double maska = gsl_matrix_get(g->dp1, i, j) > 0 ? 1.0 : 0.0;
			gsl_matrix_set(g->dz1, i, j, maska * gsl_matrix_get(g->dp1, i, j));
		}

	/* dW1 */
	for (i = 0; i < D; i++)
		for (j = 0; j < H; j++)
			gsl_matrix_set(g->dW1, i, j, iloczyn_kolumn(X, i, g->dz1, j)
			               + 2 * reg * gsl_matrix_get(net->W1, i, j));

	/* db1 */
	for (j = 0; j < H; j++) {
		double s = 0;
		for (i = 0; i < N; i++)
			s += gsl_matrix_get(g->dz1, i, j);
		gsl_vector_set(g->db1, j, s);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
