/* ML CW2 -- backward pass
 *
 * I work on the raw arrays: row i of a gsl_matrix m starts at
 * m->data + i * m->tda (tda can be bigger than size2 for a view, which the
 * gradients in g are).
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    /* ---- dz2 ---- */
    for (i = 0; i < N; i++) {
        const double *prow = cache->prob->data + i * cache->prob->tda;
        double *drow = g->dz2->data + i * g->dz2->tda;
        for (k = 0; k < C; k++)
            drow[k] = prow[k] / N;
        drow[y[i]] -= 1.0 / N;
    }

    /* ---- dW2, db2 ---- */
    for (j = 0; j < H; j++) {
        double *dw = g->dW2->data + j * g->dW2->tda;
        const double *w = net->W2->data + j * net->W2->tda;
        for (k = 0; k < C; k++)
            dw[k] = 2.0 * reg * w[k];
    }
    for (k = 0; k < C; k++)
        g->db2->data[k * g->db2->stride] = 0.0;
    for (i = 0; i < N; i++) {
        const double *a = cache->p1->data + i * cache->p1->tda;
        const double *d = g->dz2->data + i * g->dz2->tda;
        for (j = 0; j < H; j++)
            for (k = 0; k < C; k++)
                g->dW2->data[j * g->dW2->tda + k] += a[j] * d[k];
        for (k = 0; k < C; k++)
            g->db2->data[k * g->db2->stride] += d[k];
    }

    /* ---- dp1 and dz1 ---- */
    for (i = 0; i < N; i++) {
        const double *d = g->dz2->data + i * g->dz2->tda;
        const double *z = cache->z1->data + i * cache->z1->tda;
        double *dp = g->dp1->data + i * g->dp1->tda;
        double *dz = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++) {
            const double *w = net->W2->data + j * net->W2->tda;
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += d[k] * w[k];
            dp[j] = s;
            dz[j] = z[j] > 0.0 ? s : 0.0;
        }
    }

    /* ---- dW1, db1 ---- */
    for (k = 0; k < D; k++) {
        double *dw = g->dW1->data + k * g->dW1->tda;
        const double *w = net->W1->data + k * net->W1->tda;
        for (j = 0; j < H; j++)
            dw[j] = reg * w[j];   /* d/dW of reg*W^2 */
    }
    for (j = 0; j < H; j++)
        g->db1->data[j * g->db1->stride] = 0.0;
    for (i = 0; i < N; i++) {
        const double *x = X->data + i * X->tda;
        const double *dz = g->dz1->data + i * g->dz1->tda;
        for (k = 0; k < D; k++)
            for (j = 0; j < H; j++)
                g->dW1->data[k * g->dW1->tda + j] += x[k] * dz[j];
        for (j = 0; j < H; j++)
            g->db1->data[j * g->db1->stride] += dz[j];
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
