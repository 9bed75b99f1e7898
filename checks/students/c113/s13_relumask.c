/*
 * backward.c: backward pass for lab 4.
 *
 * softmax -> affine -> relu -> affine, each gradient in its own function.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

static void softmax_back(const gsl_matrix *prob, const size_t *y, gsl_matrix *dZ2)
{
	size_t i;
	size_t N = prob->size1;

	gsl_matrix_memcpy(dZ2, prob);
	for (i = 0; i < N; i++)
		gsl_matrix_set(dZ2, i, y[i], gsl_matrix_get(dZ2, i, y[i]) - 1);
	gsl_matrix_scale(dZ2, 1.0 / N);
}

/* dW2 = P1^T dZ2 + 2 reg W2 */
static void affine2_back_W(const gsl_matrix *P1, const gsl_matrix *dZ2,
			  const gsl_matrix *W2, double reg, gsl_matrix *dW2)
{
	gsl_matrix_memcpy(dW2, W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, P1, dZ2, 2 * reg, dW2);
}

static void affine2_back_b(const gsl_matrix *dZ2, gsl_vector *db2)
{
	size_t i, j;

	for (j = 0; j < dZ2->size2; j++) {
		double s = 0;
		for (i = 0; i < dZ2->size1; i++)
			s += gsl_matrix_get(dZ2, i, j);
		gsl_vector_set(db2, j, s);
	}
}

static void affine2_back_x(const gsl_matrix *dZ2, const gsl_matrix *W2, gsl_matrix *dP1)
{
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dZ2, W2, 0.0, dP1);
}

/* relu only lets the gradient through where it was active */
static void relu_back(const gsl_matrix *dP1, const gsl_matrix *Z1, gsl_matrix *dZ1)
{
	size_t i, j;

	for (i = 0; i < Z1->size1; i++) {
		for (j = 0; j < Z1->size2; j++) {
			double z = gsl_matrix_get(Z1, i, j);
			double d = gsl_matrix_get(dP1, i, j);
			gsl_matrix_set(dZ1, i, j, z < 0 ? d : 0.0);
		}
	}
}

static void affine1_back_W(const gsl_matrix *X, const gsl_matrix *dZ1,
			  const gsl_matrix *W1, double reg, gsl_matrix *dW1)
{
	gsl_matrix_memcpy(dW1, W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dZ1, 2 * reg, dW1);
}

static void affine1_back_b(const gsl_matrix *dZ1, gsl_vector *db1)
{
	size_t i, j;

	for (j = 0; j < dZ1->size2; j++) {
		double s = 0;
		for (i = 0; i < dZ1->size1; i++)
			s += gsl_matrix_get(dZ1, i, j);
		gsl_vector_set(db1, j, s);
	}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	if (X->size1 != cache->N || X->size2 != net->D || g->N != cache->N)
		return 1;

	softmax_back(cache->prob, y, g->dz2);
	affine2_back_W(cache->p1, g->dz2, net->W2, reg, g->dW2);
	affine2_back_b(g->dz2, g->db2);
	affine2_back_x(g->dz2, net->W2, g->dp1);
	relu_back(g->dp1, cache->z1, g->dz1);
	affine1_back_W(X, g->dz1, net->W1, reg, g->dW1);
	affine1_back_b(g->dz1, g->db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
