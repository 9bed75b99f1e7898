/* lab 4 -- backward pass
 *
 * Loss is the MEAN over the batch, so every dz2 entry carries 1/N.
 * dz2/dW2/db2 fused per sample; dz1/db1 fused per sample.
 * Helpers take raw row pointers.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static inline double *row(const gsl_matrix *m, size_t i)
{
    return m->data + i * m->tda;
}

/* dst[0..n) = 2 reg src[0..n) row by row */
static void reg_rows(gsl_matrix *dst, const gsl_matrix *src, double reg)
{
    size_t i, j;
    for (i = 0; i < src->size1; i++) {
        double *restrict q = row(dst, i);
        const double *restrict p = row(src, i);
        for (j = 0; j < src->size2; j++)
            q[j] = 2.0 * reg * p[j];
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    double *restrict db2 = g->db2->data, *restrict db1 = g->db1->data;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    reg_rows(g->dW2, net->W2, reg);
    for (k = 0; k < C; k++)
        db2[k] = 0.0;

    for (i = 0; i < N; i++) {
        double *restrict d = row(g->dz2, i);
        const double *restrict pr = row(cache->prob, i);
        const double *restrict a = row(cache->p1, i);

        for (k = 0; k < C; k++)
            d[k] = pr[k] / N;
        d[y[i]] -= 1.0;                 /* onehot */
        for (k = 0; k < C; k++)
            db2[k] += d[k];
        for (j = 0; j < H; j++) {
            double *restrict dw = row(g->dW2, j);
            for (k = 0; k < C; k++)
                dw[k] += a[j] * d[k];
        }
    }

    for (j = 0; j < H; j++)
        db1[j] = 0.0;
    for (i = 0; i < N; i++) {
        const double *restrict d = row(g->dz2, i);
        const double *restrict z = row(cache->z1, i);
        double *restrict dp = row(g->dp1, i);
        double *restrict dz = row(g->dz1, i);
        for (j = 0; j < H; j++) {
            const double *restrict w = row(net->W2, j);
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += d[k] * w[k];
            dp[j] = s;
            dz[j] = (z[j] > 0.0) * s;
            db1[j] += dz[j];
        }
    }

    reg_rows(g->dW1, net->W1, reg);
    for (i = 0; i < N; i++) {
        const double *restrict x = row(X, i);
        const double *restrict dz = row(g->dz1, i);
        for (k = 0; k < D; k++) {
            double *restrict dw = row(g->dW1, k);
            for (j = 0; j < H; j++)
                dw[j] += x[k] * dz[j];
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
