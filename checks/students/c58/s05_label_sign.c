/* backward.c -- 2-layer net backprop (HW3)
 *
 * Buffers: scratch (N x C) and work (N x H) are allocated once, reused
 * for several steps and freed at the end.  Loops with get/set because
 * they are easier to debug in gdb.
 */
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t numSamples = X->size1;
	size_t numInputs = net->D, numHidden = net->H, numClasses = net->C;
	gsl_matrix *scratch, *work;
	double *colSum;

	if (numSamples != cache->N || X->size2 != numInputs || g->N != numSamples)
		return 1;

	scratch = gsl_matrix_alloc(numSamples, numClasses);
	if (scratch == NULL)
		return 1;
	work = gsl_matrix_alloc(numSamples, numHidden);
	if (work == NULL) {
		gsl_matrix_free(scratch);
		return 1;
	}
	colSum = calloc(numHidden > numClasses ? numHidden : numClasses, sizeof(double));
	if (colSum == NULL) {
		gsl_matrix_free(work);
		gsl_matrix_free(scratch);
		return 1;
	}

	/* ---- dz2: softmax derivative, label entry gets the 1 ---- */
	for (size_t i = 0; i < numSamples; i++) {
		for (size_t c = 0; c < numClasses; c++) {
			double p = gsl_matrix_get(cache->prob, i, c);
			if (c == y[i])
				gsl_matrix_set(scratch, i, c, (1.0 - p) / numSamples);
			else
				gsl_matrix_set(scratch, i, c, p / numSamples);
		}
	}
	gsl_matrix_memcpy(g->dz2, scratch);

	/* ---- dW2 = p1^T dz2 + 2 reg W2 ---- */
	for (size_t h = 0; h < numHidden; h++) {
		for (size_t c = 0; c < numClasses; c++) {
			double acc = 0.0;
			for (size_t i = 0; i < numSamples; i++)
				acc += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(scratch, i, c);
			gsl_matrix_set(g->dW2, h, c, acc + 2.0 * reg * gsl_matrix_get(net->W2, h, c));
		}
	}

	/* ---- db2 ---- */
	for (size_t c = 0; c < numClasses; c++)
		colSum[c] = 0.0;
	for (size_t i = 0; i < numSamples; i++)
		for (size_t c = 0; c < numClasses; c++)
			colSum[c] += gsl_matrix_get(scratch, i, c);
	for (size_t c = 0; c < numClasses; c++)
		gsl_vector_set(g->db2, c, colSum[c]);

	/* ---- dp1 = dz2 W2^T ---- */
	for (size_t i = 0; i < numSamples; i++) {
		for (size_t h = 0; h < numHidden; h++) {
			double acc = 0.0;
			for (size_t c = 0; c < numClasses; c++)
				acc += gsl_matrix_get(scratch, i, c) * gsl_matrix_get(net->W2, h, c);
			gsl_matrix_set(work, i, h, acc);
		}
	}
	gsl_matrix_memcpy(g->dp1, work);

	/* ---- dz1: relu gate, in place in work ---- */
	for (size_t i = 0; i < numSamples; i++)
		for (size_t h = 0; h < numHidden; h++)
			if (gsl_matrix_get(cache->z1, i, h) <= 0.0)
				gsl_matrix_set(work, i, h, 0.0);
	gsl_matrix_memcpy(g->dz1, work);

	/* ---- dW1 = X^T dz1 + 2 reg W1 ---- */
	for (size_t d = 0; d < numInputs; d++) {
		for (size_t h = 0; h < numHidden; h++) {
			double acc = 0.0;
			for (size_t i = 0; i < numSamples; i++)
				acc += gsl_matrix_get(X, i, d) * gsl_matrix_get(work, i, h);
			gsl_matrix_set(g->dW1, d, h, acc + 2.0 * reg * gsl_matrix_get(net->W1, d, h));
		}
	}

	/* ---- db1 ---- */
	for (size_t h = 0; h < numHidden; h++)
		colSum[h] = 0.0;
	for (size_t i = 0; i < numSamples; i++)
		for (size_t h = 0; h < numHidden; h++)
			colSum[h] += gsl_matrix_get(work, i, h);
	for (size_t h = 0; h < numHidden; h++)
		gsl_vector_set(g->db1, h, colSum[h]);

	free(colSum);
	gsl_matrix_free(work);
	gsl_matrix_free(scratch);
	g->present = BP_GRADS_ALL;
	return 0;
}
