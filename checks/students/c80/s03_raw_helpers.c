/*
 * hw3_backward.c  --  Chen Wei
 * Backward pass using the raw ->data arrays (row i starts at data + i*tda).
 * Helper functions for the two patterns that repeat: A^T B and column sums.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out (K x M) = A^T B + lam * W,  A is (N x K), B is (N x M) */
static void at_b_plus(const gsl_matrix *A, const gsl_matrix *B,
                      const gsl_matrix *W, double lam, gsl_matrix *out)
{
    for (size_t r = 0; r < out->size1; r++) {
        double *o = out->data + r * out->tda;
        const double *w = W->data + r * W->tda;
        for (size_t c = 0; c < out->size2; c++)
            o[c] = lam * w[c];
    }
    for (size_t n = 0; n < A->size1; n++) {
        const double *a = A->data + n * A->tda;
        const double *b = B->data + n * B->tda;
        for (size_t r = 0; r < out->size1; r++) {
            double *o = out->data + r * out->tda;
            for (size_t c = 0; c < out->size2; c++)
                o[c] += a[r] * b[c];
        }
    }
}

/* v[c] = sum_n A[n][c] */
static void col_sums(const gsl_matrix *A, gsl_vector *v)
{
    for (size_t c = 0; c < A->size2; c++) {
        double s = 0.0;
        for (size_t n = 0; n < A->size1; n++)
            s += A->data[n * A->tda + c];
        v->data[c * v->stride] = s;
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dscores */
    for (size_t n = 0; n < N; n++) {
        const double *p = cache->prob->data + n * cache->prob->tda;
        double *d = g->dz2->data + n * g->dz2->tda;
        for (size_t c = 0; c < C; c++)
            d[c] = (p[c] - (c == y[n] ? 1.0 : 0.0)) / N;
    }

    at_b_plus(cache->p1, g->dz2, net->W2, 2.0 * reg, g->dW2);
    col_sums(g->dz2, g->db2);

    /* dhidden = dscores W2^T ; W2 row h is (C) long */
    for (size_t n = 0; n < N; n++) {
        const double *d = g->dz2->data + n * g->dz2->tda;
        double *dp = g->dp1->data + n * g->dp1->tda;
        for (size_t h = 0; h < H; h++) {
            const double *w = net->W2->data + h * net->W2->tda;
            double s = 0.0;
            for (size_t c = 0; c < C; c++)
                s += d[c] * w[c];
            dp[h] = s;
        }
    }

    /* relu backward */
    for (size_t n = 0; n < N; n++) {
        const double *z = cache->z1->data + n * cache->z1->tda;
        const double *dp = g->dp1->data + n * g->dp1->tda;
        double *dz = g->dz1->data + n * g->dz1->tda;
        for (size_t h = 0; h < H; h++)
            dz[h] = z[h] > 0.0 ? dp[h] : 0.0;
    }

    at_b_plus(X, g->dz1, net->W1, 2.0 * reg, g->dW1);
    col_sums(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
