/* backward.c -- two layer network, backward pass
 * (lab 5, systems programming for machine learning)
 *
 * Re-uses my relu from the forward-pass lab: relu_rows() zeroes the
 * negative entries of a matrix in place.
 *
 *   dz2 = (prob - onehot) / N
 *   dW2 = p1^T dz2 + 2 reg W2       db2 = column sums of dz2
 *   dp1 = dz2 W2^T
 *   dz1 = relu'(.) applied to dp1
 *   dW1 = X^T dz1 + 2 reg W1        db1 = column sums of dz1
 */
#include <string.h>
#include "backprop.h"

/* in place: m[i][j] = max(0, m[i][j]) for an (rows x cols) block */
static void relu_rows(double *m, size_t ld, size_t rows, size_t cols)
{
    for (size_t i = 0; i < rows; i++) {
        double *r = m + i * ld;
        for (size_t j = 0; j < cols; j++)
            if (r[j] < 0.0)
                r[j] = 0.0;
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    size_t ldz2 = g->dz2->tda, ldp1 = g->dp1->tda, ldz1 = g->dz1->tda;
    size_t ldW2 = g->dW2->tda, ldW1 = g->dW1->tda;

    /* --------- dz2 --------- */
    for (size_t i = 0; i < N; i++) {
        const double *pr = cache->prob->data + i * cache->prob->tda;
        double *d = g->dz2->data + i * ldz2;
        for (size_t c = 0; c < C; c++)
            d[c] = (c == y[i]) ? (pr[c] - 1.0) / N : pr[c] / N;
    }

    /* --------- dW2, db2 --------- */
    for (size_t k = 0; k < H; k++) {
        for (size_t c = 0; c < C; c++) {
            double s = 0.0;
            const double *a = cache->p1->data + k;      /* column k of p1 */
            const double *d = g->dz2->data + c;         /* column c of dz2 */
            for (size_t i = 0; i < N; i++) {
                s += *a * *d;
                a += cache->p1->tda;
                d += ldz2;
            }
            g->dW2->data[k * ldW2 + c] =
                s + 2.0 * reg * net->W2->data[k * net->W2->tda + c];
        }
    }
    for (size_t c = 0; c < C; c++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += g->dz2->data[i * ldz2 + c];
        g->db2->data[c * g->db2->stride] = s;
    }

    /* --------- dp1 --------- */
    for (size_t i = 0; i < N; i++) {
        const double *d = g->dz2->data + i * ldz2;
        double *out = g->dp1->data + i * ldp1;
        for (size_t k = 0; k < H; k++) {
            const double *w = net->W2->data + k * net->W2->tda;
            double s = 0.0;
            for (size_t c = 0; c < C; c++)
                s += d[c] * w[c];
            out[k] = s;
        }
    }

    /* --------- dz1: gradient goes through the relu --------- */
    for (size_t i = 0; i < N; i++)
        memcpy(g->dz1->data + i * ldz1, g->dp1->data + i * ldp1, H * sizeof(double));
    relu_rows(g->dz1->data, ldz1, N, H);

    /* --------- dW1, db1 --------- */
    for (size_t m = 0; m < D; m++) {
        for (size_t k = 0; k < H; k++) {
            double s = 0.0;
            for (size_t i = 0; i < N; i++)
                s += X->data[i * X->tda + m] * g->dz1->data[i * ldz1 + k];
            g->dW1->data[m * ldW1 + k] =
                s + 2.0 * reg * net->W1->data[m * net->W1->tda + k];
        }
    }
    for (size_t k = 0; k < H; k++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += g->dz1->data[i * ldz1 + k];
        g->db1->data[k * g->db1->stride] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
