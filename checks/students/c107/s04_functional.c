/* backward.c
 *
 * numpy style: every helper returns a NEW array like numpy does, and I
 * free them all at the end.  The softmax is recomputed from the scores
 * (my numpy loss() did that too), shifted by the row max.
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define AT(M, i, j) ((M)->data[(i) * (M)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

/* np.dot(A, B) */
static gsl_matrix *np_dot(const gsl_matrix *A, const gsl_matrix *B)
{
	gsl_matrix *out = gsl_matrix_calloc(A->size1, B->size2);
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
	return out;
}

/* A.T */
static gsl_matrix *np_T(const gsl_matrix *A)
{
	gsl_matrix *out = gsl_matrix_alloc(A->size2, A->size1);
	gsl_matrix_transpose_memcpy(out, A);
	return out;
}

/* np.sum(A, axis=0) */
static gsl_vector *np_sum0(const gsl_matrix *A)
{
	gsl_vector *out = gsl_vector_calloc(A->size2);
	size_t j;
	for (j = 0; j < A->size2; j++) {
		gsl_vector_const_view col = gsl_matrix_const_column(A, j);
		size_t i;
		double s = 0;
		for (i = 0; i < col.vector.size; i++)
			s += gsl_vector_get(&col.vector, i);
		gsl_vector_set(out, j, s);
	}
	return out;
}

/* softmax of each row of the scores */
static gsl_matrix *softmax(const gsl_matrix *scores)
{
	gsl_matrix *probs = gsl_matrix_alloc(scores->size1, scores->size2);
	size_t i, j;
	for (i = 0; i < scores->size1; i++) {
		double mx = AT(scores, i, 0), tot = 0;
		for (j = 1; j < scores->size2; j++)
			if (AT(scores, i, j) > mx)
				mx = AT(scores, i, j);
		for (j = 0; j < scores->size2; j++) {
			AT(probs, i, j) = exp(AT(scores, i, j) - mx);
			tot += AT(probs, i, j);
		}
		for (j = 0; j < scores->size2; j++)
			AT(probs, i, j) /= tot;
	}
	return probs;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, i, j;
	gsl_matrix *dscores, *hT, *dW2, *W2T, *dhidden, *XT, *dW1;
	gsl_vector *db2, *db1;

	/* probs -> dscores */
	dscores = softmax(cache->z2);
	for (i = 0; i < N; i++)
		AT(dscores, i, y[i]) -= 1;
	gsl_matrix_scale(dscores, 1.0 / N);

	hT = np_T(cache->p1);
	dW2 = np_dot(hT, dscores);
	gsl_matrix_memcpy(g->dW2, dW2);
	gsl_matrix_scale(dW2, 0.0);
	gsl_matrix_memcpy(dW2, net->W2);
	gsl_matrix_scale(dW2, 2 * reg);
	gsl_matrix_add(g->dW2, dW2);		/* + 2 reg W2 */
	db2 = np_sum0(dscores);

	W2T = np_T(net->W2);
	dhidden = np_dot(dscores, W2T);
	gsl_matrix_memcpy(g->dp1, dhidden);

	/* dhidden[hidden <= 0] = 0 -- hidden = p1, same as z1 <= 0 */
	for (i = 0; i < N; i++)
		for (j = 0; j < net->H; j++)
			if (AT(cache->p1, i, j) <= 0)
				AT(dhidden, i, j) = 0;

	XT = np_T(X);
	dW1 = np_dot(XT, dhidden);
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_matrix_scale(g->dW1, 2 * reg);
	gsl_matrix_add(g->dW1, dW1);
	db1 = np_sum0(dhidden);

	/* save everything into g */
	gsl_matrix_memcpy(g->dz2, dscores);
	gsl_vector_memcpy(g->db2, db2);
	gsl_matrix_memcpy(g->dz1, dhidden);
	gsl_vector_memcpy(g->db1, db1);

	gsl_matrix_free(dscores);
	gsl_matrix_free(hT);
	gsl_matrix_free(dW2);
	gsl_matrix_free(W2T);
	gsl_matrix_free(dhidden);
	gsl_matrix_free(XT);
	gsl_matrix_free(dW1);
	gsl_vector_free(db2);
	gsl_vector_free(db1);
	g->present = BP_GRADS_ALL;
	return 0;
}
