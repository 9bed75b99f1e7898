// backward.c  (lab 4)
// The three matrix products go to BLAS (dgemm is the one thing that beats
// a hand loop); the cheap element-wise parts are hand loops over ->data.
// Trick for the reg term: copy W into dW first, then dgemm with beta = 2*reg.

#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void sum_rows(const gsl_matrix *A, gsl_vector *out)
{
    const size_t rows = A->size1, cols = A->size2;
    double *o = out->data;
    size_t r;

    memset(o, 0, cols * sizeof *o);      // out is a view into dtheta, stride 1
    for (r = 0; r < rows; r++) {
        const double *p = A->data + r * A->tda;
        const double *end = p + cols;
        double *q = o;
        while (p < end)
            *q++ += *p++;
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;
    size_t r, c;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dz2: copy of prob, minus one at the label, over N
    for (r = 0; r < N; r++) {
        const double *src = cache->prob->data + r * cache->prob->tda;
        double *dst = g->dz2->data + r * g->dz2->tda;
        memcpy(dst, src, C * sizeof(double));
        dst[y[r]] -= 1.0;
        for (c = 0; c < C; c++)
            dst[c] /= (double)N;
    }

    // dW2 = p1^T dz2 + 2 reg W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);
    sum_rows(g->dz2, g->db2);

    // dp1 = dz2 W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dz1: start from dp1, zero where the relu was off (in place)
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (r = 0; r < N; r++) {
        const double *z = cache->z1->data + r * cache->z1->tda;
        double *d = g->dz1->data + r * g->dz1->tda;
        for (c = 0; c < H; c++)
            if (!(z[c] > 0.0))
                d[c] = 0.0;
    }

    // dW1 = X^T dz1 + 2 reg W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    sum_rows(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
