/* lab4 backward.c
 * fused: dz2 / dW2 / db2 in ONE loop over (sample, class) -- no second
 * trip over dz2.  Raw pointers only.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    const size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
    const size_t t2 = g->dW2->tda, t1 = g->dW1->tda;
    double *restrict dW2 = g->dW2->data, *restrict db2 = g->db2->data;
    double *restrict dW1 = g->dW1->data, *restrict db1 = g->db1->data;
    size_t n, c, u, f;

    if (N != cache->N || D != net->D || g->N != N) return 1;

    for (u = 0; u < H; u++)
        for (c = 0; c < C; c++)
            dW2[u * t2 + c] = 2.0 * reg * net->W2->data[u * net->W2->tda + c];
    for (c = 0; c < C; c++) db2[c] = 0.0;

    for (n = 0; n < N; n++) {
        const double *restrict pr = cache->prob->data + n * cache->prob->tda;
        const double *restrict h = cache->p1->data + n * cache->p1->tda;
        double *restrict ds = g->dz2->data + n * g->dz2->tda;

        for (c = 0; c < C; c++) {
            ds[c] = pr[c] / (double)N;
            db2[c] += ds[c];
            for (u = 0; u < H; u++)
                dW2[u * t2 + c] += h[u] * ds[c];
        }
        ds[y[n]] -= 1.0 / (double)N;      /* the -1 at the true class */
    }

    /* dp1 = dz2 W2^T */
    for (n = 0; n < N; n++) {
        const double *restrict ds = g->dz2->data + n * g->dz2->tda;
        double *restrict dh = g->dp1->data + n * g->dp1->tda;
        for (u = 0; u < H; u++) {
            const double *restrict w = net->W2->data + u * net->W2->tda;
            double s = 0.0;
            for (c = 0; c < C; c++) s += ds[c] * w[c];
            dh[u] = s;
        }
    }

    /* relu backward + db1 (fused) */
    for (u = 0; u < H; u++) db1[u] = 0.0;
    for (n = 0; n < N; n++) {
        const double *restrict z = cache->z1->data + n * cache->z1->tda;
        const double *restrict dh = g->dp1->data + n * g->dp1->tda;
        double *restrict dz = g->dz1->data + n * g->dz1->tda;
        for (u = 0; u < H; u++) {
            dz[u] = (z[u] > 0.0) ? dh[u] : 0.0;
            db1[u] += dz[u];
        }
    }

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (f = 0; f < D; f++)
        for (u = 0; u < H; u++)
            dW1[f * t1 + u] = 2.0 * reg * net->W1->data[f * net->W1->tda + u];
    for (n = 0; n < N; n++) {
        const double *restrict x = X->data + n * X->tda;
        const double *restrict dz = g->dz1->data + n * g->dz1->tda;
        for (f = 0; f < D; f++)
            for (u = 0; u < H; u++)
                dW1[f * t1 + u] += x[f] * dz[u];
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
