// backward.c  --  Blatt 4 / Aufgabe 2
// M. Yilmaz
//
// I work on the ->data arrays directly (row stride = tda), it is less
// typing than gsl_matrix_get everywhere.

#include "backprop.h"
#include <gsl/gsl_blas.h>

#define EL(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// sum of the rows of A into v (v has A->size2 entries, stride v->stride)
static void row_sum(const gsl_matrix *A, gsl_vector *v)
{
    for (size_t j = 0; j < A->size2; j++) {
        double acc = 0.0;
        for (size_t i = 0; i < A->size1; i++)
            acc += EL(A, i, j);
        v->data[j * v->stride] = acc;
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;
    const double invN = 1.0 / (double)N;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dz2: copy of the probabilities, then minus 1 at the true class
    for (size_t i = 0; i < N; i++) {
        for (size_t k = 0; k < C; k++)
            EL(g->dz2, i, k) = EL(cache->prob, i, k) * invN;
        EL(g->dz2, i, y[i]) -= invN;
    }

    // dW2 = p1' * dz2, then + 2 reg W2  (beta = 1 on a copy of W2)
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    row_sum(g->dz2, g->db2);

    // dp1 = dz2 * W2'
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dz1 = dp1 where z1 > 0, else 0
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            EL(g->dz1, i, j) = EL(cache->z1, i, j) > 0.0 ? EL(g->dp1, i, j) : 0.0;

    // dW1 = X' * dz1 + 2 reg W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    row_sum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
