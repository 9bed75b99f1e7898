/* TP3 : backpropagation (reseau 2 couches)
 * Nom : Julien Morel
 * J'ai tout fait avec des boucles for, les indices sont des int.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	int N = (int) X->size1;
	int D = (int) net->D, H = (int) net->H, C = (int) net->C;
	int i, j, k;
	double somme;

	if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
		return 1;

	/* dz2 */
	for (i = 0; i < N; i++) {
		for (j = 0; j < C; j++) {
			double v = gsl_matrix_get(cache->prob, i, j);
			if (j == (int) y[i])
				v -= 1;
			gsl_matrix_set(g->dz2, i, j, v / N);
		}
	}

	/* dW2 (H,C) */
	for (i = 0; i < H; i++) {
		for (j = 0; j < C; j++) {
			somme = 0;
			for (k = 0; k < N; k++)
				somme += gsl_matrix_get(cache->p1, k, i) * gsl_matrix_get(g->dz2, k, j);
			gsl_matrix_set(g->dW2, i, j, somme + 2 * reg * gsl_matrix_get(net->W2, i, j));
		}
	}

	/* db2 (C) : somme sur les exemples */
	somme = 0;
	for (j = 0; j < C; j++) {
		for (i = 0; i < N; i++)
			somme += gsl_matrix_get(g->dz2, i, j);
		gsl_vector_set(g->db2, j, somme);
	}

	/* dp1 (N,H) */
	for (i = 0; i < N; i++) {
		for (j = 0; j < H; j++) {
			somme = 0;
			for (k = 0; k < C; k++)
				somme += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
			gsl_matrix_set(g->dp1, i, j, somme);
		}
	}

	/* dz1 (N,H) */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0);

	/* dW1 (D,H) */
	for (i = 0; i < D; i++) {
		for (j = 0; j < H; j++) {
			somme = 0;
			for (k = 0; k < N; k++)
				somme += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
			gsl_matrix_set(g->dW1, i, j, somme + 2 * reg * gsl_matrix_get(net->W1, i, j));
		}
	}

	/* db1 (H) */
	for (j = 0; j < H; j++) {
		somme = 0;
		for (i = 0; i < N; i++)
			somme += gsl_matrix_get(g->dz1, i, j);
		gsl_vector_set(g->db1, j, somme);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
