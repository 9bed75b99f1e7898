/*  STAT 4630  HW6  backward.c
 *  I wrote small helpers with the names of the R functions I know:
 *    model_matrix_y(y) -> the indicator matrix Y (n x K), like
 *                         model.matrix(~ factor(y) - 1)
 *    crossprod(A, B)   -> t(A) %*% B
 *    tcrossprod(A, B)  -> A %*% t(B)
 *    col_sums(A)       -> colSums(A)
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* Y[i, k] = 1 if observation i is in class k, column by column */
static void model_matrix_y (const size_t *y, gsl_matrix *Y)
{
	size_t n = Y->size1, K = Y->size2;
	size_t i, k;
	for (k = 1; k <= K; k++)
		for (i = 1; i <= n; i++)
			gsl_matrix_set (Y, i - 1, k - 1, (y[k - 1] == i - 1) ? 1.0 : 0.0);
}

static void crossprod (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
	gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
}

static void tcrossprod (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
	gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, A, B, 0.0, out);
}

static void col_sums (const gsl_matrix *A, gsl_vector *s)
{
	size_t j;
	for (j = 1; j <= A->size2; j++) {
		gsl_vector_const_view col = gsl_matrix_const_column (A, j - 1);
		gsl_vector_set (s, j - 1, gsl_vector_sum (&col.vector));
	}
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
	size_t n_obs = X->size1, n_hidden = net->H, n_class = net->C;
	double lambda = reg;
	size_t i, j;

	if (n_obs != cache->N || X->size2 != net->D || g->N != n_obs)
		return 1;

	gsl_matrix *Y = gsl_matrix_alloc (n_obs, n_class);
	gsl_matrix *G_W2 = g->dW2, *G_W1 = g->dW1;
	gsl_matrix *Delta2 = g->dz2, *Delta1 = g->dz1;

	/* Delta2 = (P - Y) / n */
	model_matrix_y (y, Y);
	gsl_matrix_memcpy (Delta2, cache->prob);
	gsl_matrix_sub (Delta2, Y);
	gsl_matrix_scale (Delta2, 1.0 / n_obs);

	/* G_W2 = t(A1) Delta2 + 2 lambda W2 */
	crossprod (cache->p1, Delta2, G_W2);
	for (j = 1; j <= n_class; j++)
		for (i = 1; i <= n_hidden; i++)
			gsl_matrix_set (G_W2, i - 1, j - 1, gsl_matrix_get (G_W2, i - 1, j - 1)
			                + 2.0 * lambda * gsl_matrix_get (net->W2, i - 1, j - 1));

	col_sums (Delta2, g->db2);

	/* dA1 = Delta2 t(W2) */
	tcrossprod (Delta2, net->W2, g->dp1);

	/* Delta1 = dA1 * (Z1 > 0) */
	for (j = 1; j <= n_hidden; j++)
		for (i = 1; i <= n_obs; i++)
			gsl_matrix_set (Delta1, i - 1, j - 1,
			                gsl_matrix_get (cache->z1, i - 1, j - 1) > 0.0
			                ? gsl_matrix_get (g->dp1, i - 1, j - 1) : 0.0);

	/* G_W1 = t(X) Delta1 + 2 lambda W1 */
	crossprod (X, Delta1, G_W1);
	for (j = 1; j <= n_hidden; j++)
		for (i = 1; i <= net->D; i++)
			gsl_matrix_set (G_W1, i - 1, j - 1, gsl_matrix_get (G_W1, i - 1, j - 1)
			                + 2.0 * lambda * gsl_matrix_get (net->W1, i - 1, j - 1));

	col_sums (Delta1, g->db1);

	gsl_matrix_free (Y);
	g->present = BP_GRADS_ALL;
	return 0;
}
