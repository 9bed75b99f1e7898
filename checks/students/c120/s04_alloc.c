/* backward.c - my helpers return new matrices (like numpy), caller frees.
 * TODO: check the allocs properly */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *matmul_AtB(const gsl_matrix *A, const gsl_matrix *B)
{
	gsl_matrix *C = gsl_matrix_calloc(A->size2, B->size2);
	for (size_t k = 0; k < A->size1; k++)
		for (size_t i = 0; i < A->size2; i++)
			for (size_t j = 0; j < B->size2; j++)
				C->data[i * C->tda + j] += gsl_matrix_get(A, k, i) * gsl_matrix_get(B, k, j);
	return C;
}

static gsl_matrix *matmul_ABt(const gsl_matrix *A, const gsl_matrix *B)
{
	gsl_matrix *C = gsl_matrix_calloc(A->size1, B->size1);
	for (size_t i = 0; i < A->size1; i++)
		for (size_t j = 0; j < B->size1; j++)
			for (size_t k = 0; k < A->size2; k++)
				C->data[i * C->tda + j] += gsl_matrix_get(A, i, k) * gsl_matrix_get(B, j, k);
	return C;
}

static gsl_vector *colsum(const gsl_matrix *A)
{
	gsl_vector *s = gsl_vector_calloc(A->size2);
	for (size_t i = 0; i < A->size1; i++) {
		gsl_vector_const_view row = gsl_matrix_const_row(A, i);
		gsl_vector_add(s, &row.vector);
	}
	return s;
}

static gsl_matrix *relu_mask(const gsl_matrix *Z)
{
	gsl_matrix *M = gsl_matrix_alloc(Z->size1, Z->size2);
	for (size_t i = 0; i < Z->size1; i++)
		for (size_t j = 0; j < Z->size2; j++)
			gsl_matrix_set(M, i, j, gsl_matrix_get(Z, i, j) > 0);
	return M;
}

static gsl_matrix *hadamard(const gsl_matrix *A, const gsl_matrix *B)
{
	gsl_matrix *C = gsl_matrix_alloc(A->size1, A->size2);
	gsl_matrix_memcpy(C, A);
	gsl_matrix_mul_elements(C, B);
	return C;
}

/* A <- A + alpha*B */
static void add_scaled(gsl_matrix *A, const gsl_matrix *B, double alpha)
{
	for (size_t i = 0; i < A->size1; i++)
		for (size_t j = 0; j < A->size2; j++)
			gsl_matrix_set(A, i, j, gsl_matrix_get(A, i, j) + alpha * gsl_matrix_get(B, i, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	gsl_matrix *dW, *mask, *dhidden;
	gsl_vector *db;

	/* dscores */
	for (size_t i = 0; i < N; i++) {
		gsl_vector_view r = gsl_matrix_row(g->dz2, i);
		gsl_vector_const_view p = gsl_matrix_const_row(cache->prob, i);
		gsl_vector_memcpy(&r.vector, &p.vector);
		gsl_vector_set(&r.vector, y[i], gsl_vector_get(&r.vector, y[i]) - 1.0);
		gsl_vector_scale(&r.vector, 1.0 / (double)N);
	}

	/* W2, b2 */
	dW = matmul_AtB(cache->p1, g->dz2);
	add_scaled(dW, net->W2, 2 * reg);
	gsl_matrix_memcpy(g->dW2, dW);
	gsl_matrix_free(dW);
	db = colsum(g->dz2);
	gsl_vector_memcpy(g->db2, db);
	gsl_vector_free(db);

	/* hidden layer */
	dhidden = matmul_ABt(g->dz2, net->W2);
	gsl_matrix_memcpy(g->dp1, dhidden);
	mask = relu_mask(cache->z1);
	gsl_matrix_free(dhidden);
	dhidden = hadamard(g->dp1, mask);
	gsl_matrix_memcpy(g->dz1, dhidden);
	gsl_matrix_free(dhidden);
	gsl_matrix_free(mask);

	/* W1, b1 */
	dW = matmul_AtB(X, g->dz1);
	add_scaled(dW, net->W1, 2 * reg);
	gsl_matrix_memcpy(g->dW1, dW);
	gsl_matrix_free(dW);
	db = colsum(g->dz1);
	gsl_vector_memcpy(g->db1, db);
	gsl_vector_free(db);

	g->present = BP_GRADS_ALL;
	return 0;
}
