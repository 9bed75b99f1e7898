/* backward.c - lab 4
 * Pass A (per sample): dz2 row, db2, and dp1 row right away while the
 *                      dz2 row is hot in cache.
 * Pass B: dW2 and dW1 as transposed products (hand loops).
 * Pass C (per sample): dz1 row and db1.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* G = A^T B + 2 reg W, all raw.  A (n, p), B (n, q), G and W (p, q) */
static void atb_reg(const gsl_matrix *A, const gsl_matrix *B,
                    const gsl_matrix *W, double reg, gsl_matrix *G)
{
    size_t n, p, q;
    for (p = 0; p < G->size1; p++) {
        double *restrict gr = G->data + p * G->tda;
        const double *restrict wr = W->data + p * W->tda;
        for (q = 0; q < G->size2; q++)
            gr[q] = 2.0 * reg * wr[q];
    }
    for (n = 0; n < A->size1; n++) {
        const double *restrict ar = A->data + n * A->tda;
        const double *restrict br = B->data + n * B->tda;
        for (p = 0; p < A->size2; p++) {
            double *restrict gr = G->data + p * G->tda;
            for (q = 0; q < B->size2; q++)
                gr[q] += ar[p] * br[q];
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;
    double *restrict db2 = g->db2->data, *restrict db1 = g->db1->data;
    size_t i, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* pass A */
    for (k = 0; k < C; k++)
        db2[k] = 0.0;
    for (i = 0; i < N; i++) {
        const double *restrict pr = cache->prob->data + i * cache->prob->tda;
        double *restrict d = g->dz2->data + i * g->dz2->tda;
        double *restrict dp = g->dp1->data + i * g->dp1->tda;

        for (k = 0; k < C; k++) {
            d[k] = pr[k] / (double)N;
            if (k == y[i])
                d[k] -= 1.0 / (double)N;
            db2[k] += d[k];
        }
        for (j = 0; j < H; j++) {
            const double *restrict w = net->W2->data + j * net->W2->tda;
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += pr[k] * w[k];
            dp[j] = s;
        }
    }

    /* pass B, first half */
    atb_reg(cache->p1, g->dz2, net->W2, reg, g->dW2);

    /* pass C */
    for (j = 0; j < H; j++)
        db1[j] = 0.0;
    for (i = 0; i < N; i++) {
        const double *restrict z = cache->z1->data + i * cache->z1->tda;
        const double *restrict dp = g->dp1->data + i * g->dp1->tda;
        double *restrict dz = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++) {
            dz[j] = z[j] > 0.0 ? dp[j] : 0.0;
            db1[j] += dz[j];
        }
    }

    /* pass B, second half (needs dz1) */
    atb_reg(X, g->dz1, net->W1, reg, g->dW1);

    g->present = BP_GRADS_ALL;
    return 0;
}
