/* backward.c -- two-layer net, hand-written backward pass.
 *
 * Shapes:  n samples, d inputs, h hidden, c classes.
 *   dz2 (n,c) = (prob - onehot) / n
 *   dW2 (h,c) = p1' dz2 + 2 reg W2      db2 (c) = colsum dz2
 *   dp1 (n,h) = dz2 W2'
 *   dz1 (n,h) = dp1 * (z1 > 0)
 *   dW1 (d,h) = X' dz1 + 2 reg W1       db1 (h) = colsum dz1
 */
#include <string.h>
#include "backprop.h"

#define AT(M, i, j, ld) ((M)[(i) * (ld) + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n = cache->N, c = cache->C, h = cache->H, d = net->D;
    if (X->size1 != n || X->size2 != d || g->N != n)
        return 1;

    double inv = 1.0 / (double) c;      /* mean over the batch */
    double r2 = 2.0 * reg;

    const double *pr = cache->prob->data; size_t lpr = cache->prob->tda;
    const double *a1 = cache->p1->data;   size_t la1 = cache->p1->tda;
    const double *s1 = cache->z1->data;   size_t ls1 = cache->z1->tda;
    const double *xs = X->data;           size_t lx  = X->tda;
    const double *W1 = net->W1->data;     size_t lw1 = net->W1->tda;
    const double *W2 = net->W2->data;     size_t lw2 = net->W2->tda;

    double *dz2 = g->dz2->data; size_t ldz2 = g->dz2->tda;
    double *dp1 = g->dp1->data; size_t ldp1 = g->dp1->tda;
    double *dz1 = g->dz1->data; size_t ldz1 = g->dz1->tda;
    double *dW2 = g->dW2->data; size_t ldW2 = g->dW2->tda;
    double *dW1 = g->dW1->data; size_t ldW1 = g->dW1->tda;
    double *db2 = g->db2->data;
    double *db1 = g->db1->data;

    /* ---- softmax + cross entropy ---- */
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < c; k++) {
            double t = (k == y[i]) ? 1.0 : 0.0;
            AT(dz2, i, k, ldz2) = (AT(pr, i, k, lpr) - t) * inv;
        }
    }

    /* ---- second affine layer ---- */
    for (size_t j = 0; j < h; j++) {
        for (size_t k = 0; k < c; k++) {
            double acc = r2 * AT(W2, j, k, lw2);
            for (size_t i = 0; i < n; i++)
                acc += AT(a1, i, j, la1) * AT(dz2, i, k, ldz2);
            AT(dW2, j, k, ldW2) = acc;
        }
    }
    for (size_t k = 0; k < c; k++) {
        double acc = 0;
        for (size_t i = 0; i < n; i++)
            acc += AT(dz2, i, k, ldz2);
        db2[k] = acc;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < h; j++) {
            double acc = 0;
            for (size_t k = 0; k < c; k++)
                acc += AT(dz2, i, k, ldz2) * AT(W2, j, k, lw2);
            AT(dp1, i, j, ldp1) = acc;
        }
    }

    /* ---- relu ---- */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < h; j++)
            AT(dz1, i, j, ldz1) = AT(s1, i, j, ls1) > 0 ? AT(dp1, i, j, ldp1) : 0;

    /* ---- first affine layer ---- */
    for (size_t q = 0; q < d; q++) {
        for (size_t j = 0; j < h; j++) {
            double acc = r2 * AT(W1, q, j, lw1);
            for (size_t i = 0; i < n; i++)
                acc += AT(xs, i, q, lx) * AT(dz1, i, j, ldz1);
            AT(dW1, q, j, ldW1) = acc;
        }
    }
    memset(db1, 0, h * sizeof *db1);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < h; j++)
            db1[j] += AT(dz1, i, j, ldz1);

    g->present = BP_GRADS_ALL;
    return 0;
}
