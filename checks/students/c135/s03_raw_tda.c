// hw3 backward -- raw pointers, workspace arrays
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// workspace: plain double arrays, rows packed (no tda)
static struct {
    size_t n, h, c;
    double *ds;   // n*c
    double *dh;   // n*h
} wk;

static int wk_get(size_t n, size_t h, size_t c) {
    if (!wk.ds) {
        wk.n = n; wk.h = h; wk.c = c;
        wk.ds = malloc(n * c * sizeof(double));
        wk.dh = malloc(n * h * sizeof(double));
    }
    return wk.ds && wk.dh;
}

static void wk_put(void) {
    free(wk.ds); free(wk.dh);
    wk.ds = wk.dh = NULL;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t n = X->size1, h = net->H, c = net->C, d = net->D;
    size_t i, j, k;
    if (n != cache->N || X->size2 != d || g->N != n) return 1;
    if (!wk_get(n, h, c)) { wk_put(); return 1; }

    // 1) softmax grad
    for (i = 0; i < n; i++) {
        for (k = 0; k < c; k++)
            wk.ds[i*c + k] = AT(cache->prob, i, k);
        wk.ds[i*c + y[i]] -= 1.0;
        for (k = 0; k < c; k++) {
            wk.ds[i*c + k] /= (double)n;
            AT(g->dz2, i, k) = wk.ds[i*c + k];
        }
    }

    // 2) dW2 = p1^T ds + 2 reg W2 ; db2 = sum of rows
    for (j = 0; j < h; j++)
        for (k = 0; k < c; k++) AT(g->dW2, j, k) = 2.0 * reg * AT(net->W2, j, k);
    for (k = 0; k < c; k++) g->db2->data[k * g->db2->stride] = 0.0;
    for (i = 0; i < n; i++)
        for (k = 0; k < c; k++) {
            double v = wk.ds[i*c + k];
            for (j = 0; j < h; j++) AT(g->dW2, j, k) += AT(cache->p1, i, j) * v;
            g->db2->data[k * g->db2->stride] += v;
        }

    // 3) dh = ds W2^T, then 4) relu (in place, mask by p1 > 0, same thing as z1 > 0)
    for (i = 0; i < n; i++)
        for (j = 0; j < h; j++) {
            double s = 0;
            for (k = 0; k < c; k++) s += wk.ds[i*c + k] * AT(net->W2, j, k);
            wk.dh[i*h + j] = s;
            AT(g->dp1, i, j) = s;
        }
    for (i = 0; i < n * h; i++)
        if (!(AT(cache->p1, i / h, i % h) > 0)) wk.dh[i] = 0.0;
    for (i = 0; i < n; i++)
        for (j = 0; j < h; j++) AT(g->dz1, i, j) = wk.dh[i*h + j];

    // 5) dW1, db1
    for (k = 0; k < d; k++)
        for (j = 0; j < h; j++) {
            double s = 2.0 * reg * AT(net->W1, k, j);
            for (i = 0; i < n; i++) s += AT(X, i, k) * wk.dh[i*h + j];
            AT(g->dW1, k, j) = s;
        }
    for (j = 0; j < h; j++) {
        double s = 0;
        for (i = 0; i < n; i++) s += wk.dh[i*h + j];
        g->db1->data[j * g->db1->stride] = s;
    }

    wk_put();
    g->present = BP_GRADS_ALL;
    return 0;
}
