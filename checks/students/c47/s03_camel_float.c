// backward.c - Two layer net backprop
// written by me, some parts adapted from a StackOverflow answer about
// "softmax cross entropy derivative" (the one with 400 upvotes)

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

// dScores = (probs - oneHot) / batchSize
static void computeScoreGrad(const gsl_matrix *probs, const size_t *labels, gsl_matrix *dScores)
{
	size_t batchSize = probs->size1;
	size_t numClasses = probs->size2;
	size_t i = 0;
	do {
		size_t k = 0;
		do {
			double target = (k == labels[i]) ? 1.0 : 0.0;
			gsl_matrix_set(dScores, i, k, (gsl_matrix_get(probs, i, k) - target) / (double) batchSize);
			k++;
		} while (k < numClasses);
		i++;
	} while (i < batchSize);
}

// dW = input^T * dOut + 2*reg*W    (same function for both layers)
static void computeWeightGrad(const gsl_matrix *input, const gsl_matrix *dOut, const gsl_matrix *W, double reg, gsl_matrix *dW)
{
	size_t a, b, n;
	for (a = 0; a < W->size1; a++) {
		for (b = 0; b < W->size2; b++) {
			float sum = 0.0f;
			for (n = 0; n < input->size1; n++) {
				sum += gsl_matrix_get(input, n, a) * gsl_matrix_get(dOut, n, b);
			}
			gsl_matrix_set(dW, a, b, sum + 2.0 * reg * gsl_matrix_get(W, a, b));
		}
	}
}

// bias gradient = sum over the batch (rows)
static void computeBiasGrad(const gsl_matrix *dOut, gsl_vector *db)
{
	size_t col, n;
	for (col = 0; col < dOut->size2; col++) {
		float total = 0.0f;
		for (n = 0; n < dOut->size1; n++)
			total += gsl_matrix_get(dOut, n, col);
		gsl_vector_set(db, col, total);
	}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t batchSize = X->size1;
	size_t hiddenSize = net->H, numClasses = net->C;
	size_t n, h, k;

	if (batchSize == 0 || batchSize != cache->N)
		return 1;

	computeScoreGrad(cache->prob, y, g->dz2);
	computeWeightGrad(cache->p1, g->dz2, net->W2, reg, g->dW2);
	computeBiasGrad(g->dz2, g->db2);

	// dHidden = dScores * W2^T, then the relu gate
	for (n = 0; n < batchSize; n++) {
		for (h = 0; h < hiddenSize; h++) {
			float dHidden = 0.0f;
			for (k = 0; k < numClasses; k++)
				dHidden += gsl_matrix_get(g->dz2, n, k) * gsl_matrix_get(net->W2, h, k);
			gsl_matrix_set(g->dp1, n, h, dHidden);
			if (gsl_matrix_get(cache->z1, n, h) > 0.0)
				gsl_matrix_set(g->dz1, n, h, dHidden);
			else
				gsl_matrix_set(g->dz1, n, h, 0.0);
		}
	}

	computeWeightGrad(X, g->dz1, net->W1, reg, g->dW1);
	computeBiasGrad(g->dz1, g->db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
