/* Assignment 2, part B: backward()
 * uses mylib.c from assignment 1 (pasted below since we submit one file) */
#include <math.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* ===== mylib ===== */

/* out = softmax(in), row-wise. out may equal in. */
static void softmax_rows(const gsl_matrix *in, gsl_matrix *out)
{
    size_t r, c;
    for (r = 0; r < in->size1; r++) {
        double m = gsl_matrix_get(in, r, 0), s = 0;
        for (c = 1; c < in->size2; c++)
            if (gsl_matrix_get(in, r, c) > m) m = gsl_matrix_get(in, r, c);
        for (c = 0; c < in->size2; c++) {
            double e = exp(gsl_matrix_get(in, r, c) - m);
            gsl_matrix_set(out, r, c, e);
            s += e;
        }
        for (c = 0; c < in->size2; c++)
            gsl_matrix_set(out, r, c, gsl_matrix_get(out, r, c) / s);
    }
}

static void mat_mul(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C,
                    int transA, int transB)
{
    gsl_blas_dgemm(transA ? CblasTrans : CblasNoTrans,
                   transB ? CblasTrans : CblasNoTrans, 1.0, A, B, 0.0, C);
}

static void col_sum(const gsl_matrix *A, gsl_vector *v)
{
    size_t r, c;
    for (c = 0; c < A->size2; c++) {
        double s = 0;
        for (r = 0; r < A->size1; r++) s += gsl_matrix_get(A, r, c);
        gsl_vector_set(v, c, s);
    }
}

/* ===== end mylib ===== */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* probabilities, then subtract 1 at the correct class */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    softmax_rows(g->dz2, g->dz2);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    mat_mul(cache->p1, g->dz2, g->dW2, 1, 0);
    for (i = 0; i < net->H; i++)
        for (j = 0; j < net->C; j++)
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j) + 2 * reg * gsl_matrix_get(net->W2, i, j));
    col_sum(g->dz2, g->db2);

    mat_mul(g->dz2, net->W2, g->dp1, 0, 1);

    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0);

    mat_mul(X, g->dz1, g->dW1, 1, 0);
    gsl_matrix_scale(g->dW1, 1.0);   /* (leftover) */
    for (i = 0; i < net->D; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j) + 2 * reg * gsl_matrix_get(net->W1, i, j));
    col_sum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
