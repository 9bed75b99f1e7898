/*
 * Uebungsblatt 5: Backpropagation
 * dgemm fuer die Gewichte, Schleifen fuer den Rest.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	size_t anzahl_beispiele = X->size1;
	size_t i, k, h;
	double summe;

	if (anzahl_beispiele != cache->N || X->size2 != net->D ||
	    g->N != anzahl_beispiele)
		return 1;

	/* dz2 */
	for (i = 0; i < anzahl_beispiele; i++) {
		for (k = 0; k < net->C; k++) {
			double p = gsl_matrix_get(cache->prob, i, k);
			if (k == y[i])
				p -= 1.0;
			gsl_matrix_set(g->dz2, i, k, p / anzahl_beispiele);
		}
	}

	/* dW2 = p1^T dz2 + 2 reg W2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
	               2.0 * reg, g->dW2);

	/* db2: ueber alle Beispiele summieren */
	summe = 0.0;
	for (k = 0; k < net->C; k++) {
		for (i = 0; i < anzahl_beispiele; i++)
			summe += gsl_matrix_get(g->dz2, i, k);
		gsl_vector_set(g->db2, k, summe);
	}

	/* dp1 = dz2 W2^T */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
	               g->dp1);

	/* dz1: Maske aus z1 */
	for (i = 0; i < anzahl_beispiele; i++)
		for (h = 0; h < net->H; h++) {
			if (gsl_matrix_get(cache->z1, i, h) > 0)
				gsl_matrix_set(g->dz1, i, h, gsl_matrix_get(g->dp1, i, h));
			else
				gsl_matrix_set(g->dz1, i, h, 0);
		}

	/* dW1 = X^T dz1 + 2 reg W1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
	               g->dW1);

	/* db1 */
	for (h = 0; h < net->H; h++) {
		summe = 0.0;
		for (i = 0; i < anzahl_beispiele; i++)
			summe += gsl_matrix_get(g->dz1, i, h);
		gsl_vector_set(g->db1, h, summe);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
