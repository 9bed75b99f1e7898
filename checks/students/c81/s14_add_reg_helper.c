/* A2 -- backward pass.
 * my A1 lib: mmul, transpose_new, add_reg, sum_cols.  transpose_new returns
 * a fresh matrix (free it!).  */
#include <stdlib.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* out = A * B   (no transposes: use transpose_new first) */
void mmul(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
}

gsl_matrix *transpose_new(const gsl_matrix *A)
{
    gsl_matrix *T = gsl_matrix_alloc(A->size2, A->size1);
    for (size_t i = 0; i < A->size1; i++)
        for (size_t j = 0; j < A->size2; j++)
            gsl_matrix_set(T, j, i, gsl_matrix_get(A, i, j));
    return T;
}

/* derivative of the L2 penalty, added to dW */
void add_reg(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    for (size_t i = 0; i < W->size1; i++)
        for (size_t j = 0; j < W->size2; j++)
            gsl_matrix_set(dW, i, j, gsl_matrix_get(dW, i, j) + reg * gsl_matrix_get(W, i, j));
}

void sum_cols(const gsl_matrix *A, gsl_vector *v)
{
    for (size_t j = 0; j < A->size2; j++) {
        double acc = 0;
        for (size_t i = 0; i < A->size1; i++) acc += gsl_matrix_get(A, i, j);
        gsl_vector_set(v, j, acc);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

    // dz2
    for (size_t i = 0; i < N; i++)
        for (size_t c = 0; c < net->C; c++) {
            double p = gsl_matrix_get(cache->prob, i, c);
            if (c == y[i]) p -= 1.0;
            gsl_matrix_set(g->dz2, i, c, p / (double)N);
        }

    // dW2 db2
    gsl_matrix *p1T = transpose_new(cache->p1);
    mmul(p1T, g->dz2, g->dW2);
    add_reg(g->dW2, net->W2, reg);
    sum_cols(g->dz2, g->db2);
    gsl_matrix_free(p1T);

    // dp1
    gsl_matrix *W2T = transpose_new(net->W2);
    mmul(g->dz2, W2T, g->dp1);
    gsl_matrix_free(W2T);

    // dz1
    for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < net->H; h++)
            gsl_matrix_set(g->dz1, i, h,
                           gsl_matrix_get(cache->z1, i, h) > 0 ? gsl_matrix_get(g->dp1, i, h) : 0);

    // dW1 db1
    gsl_matrix *XT = transpose_new(X);
    mmul(XT, g->dz1, g->dW1);
    add_reg(g->dW1, net->W1, reg);
    sum_cols(g->dz1, g->db1);
    gsl_matrix_free(XT);

    g->present = BP_GRADS_ALL;
    return 0;
}
