/*
 * backward() for the two layer net.
 *
 * forward_again() redoes the whole forward pass (dgemm for the two
 * products) into my own buffers, and the gradients use only those.
 */
#include <math.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

struct fwd {
	gsl_matrix *z1, *p1, *prob;
};

static void add_bias(gsl_matrix *A, const gsl_vector *b)
{
	size_t i;

	for (i = 0; i < A->size1; i++) {
		gsl_vector_view r = gsl_matrix_row(A, i);
		gsl_vector_add(&r.vector, b);
	}
}

/* softmax over each row, in place */
static void my_softmax(gsl_matrix *S)
{
	size_t i, j;

	for (i = 0; i < S->size1; i++) {
		gsl_vector_view r = gsl_matrix_row(S, i);
		double mx = gsl_vector_max(&r.vector);

		for (j = 0; j < S->size2; j++)
			gsl_matrix_set(S, i, j, exp(gsl_matrix_get(S, i, j) - mx));
	}
}

static void forward_again(const bp_net *net, const gsl_matrix *X,
			  struct fwd *f)
{
	size_t i, j;

	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, X, net->W1, 0.0, f->z1);
	add_bias(f->z1, net->b1);
	for (i = 0; i < f->z1->size1; i++)
		for (j = 0; j < f->z1->size2; j++)
			gsl_matrix_set(f->p1, i, j,
				       GSL_MAX(0.0, gsl_matrix_get(f->z1, i, j)));
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, f->p1, net->W2, 0.0, f->prob);
	add_bias(f->prob, net->b2);
	my_softmax(f->prob);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C;
	size_t i, j;
	struct fwd f;

	(void)cache;

	f.z1 = gsl_matrix_alloc(N, H);
	f.p1 = gsl_matrix_alloc(N, H);
	f.prob = gsl_matrix_alloc(N, C);
	if (!f.z1 || !f.p1 || !f.prob) {
		gsl_matrix_free(f.z1);
		gsl_matrix_free(f.p1);
		gsl_matrix_free(f.prob);
		return 1;
	}
	forward_again(net, X, &f);

	/* dz2 = (probs - y_onehot) / N */
	gsl_matrix_memcpy(g->dz2, f.prob);
	for (i = 0; i < N; i++)
		gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
	gsl_matrix_scale(g->dz2, 1.0 / (double)N);

	/* dW2 = p1^T dz2 + 2 reg W2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, f.p1, g->dz2, 2.0 * reg, g->dW2);

	/* db2 */
	gsl_vector_set_zero(g->db2);
	for (i = 0; i < N; i++)
		for (j = 0; j < C; j++)
			*gsl_vector_ptr(g->db2, j) += gsl_matrix_get(g->dz2, i, j);

	/* dp1 = dz2 W2^T */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

	/* dz1: relu backward */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(f.z1, i, j) > 0
				       ? gsl_matrix_get(g->dp1, i, j) : 0.0);

	/* dW1 = X^T dz1 + 2 reg W1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

	/* db1 */
	gsl_vector_set_zero(g->db1);
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			*gsl_vector_ptr(g->db1, j) += gsl_matrix_get(g->dz1, i, j);

	gsl_matrix_free(f.z1);
	gsl_matrix_free(f.p1);
	gsl_matrix_free(f.prob);
	g->present = BP_GRADS_ALL;
	return 0;
}
