/* backward.c -- backward pass (two-layer net)
 *
 * layer by layer, one helper per layer, like the forward code.
 * all buffers static; sizes checked against the MAX_ defines first.
 */
#include <stdint.h>
#include <string.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define MAX_N 64
#define MAX_D 32
#define MAX_H 64
#define MAX_C 16

static uint8_t msk[MAX_N * MAX_H];
static double acc_w[MAX_D * MAX_H];
static double acc_b[MAX_H];

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* affine backward: dw = in' dout + 2 reg w, db = colsum(dout) */
static void affine_back(const gsl_matrix *in, const gsl_matrix *dout,
                        const gsl_matrix *w, double reg,
                        gsl_matrix *dw, gsl_vector *db)
{
    size_t n = in->size1, r = w->size1, m = w->size2;
    size_t i, a, b;

    memset(acc_w, 0, sizeof(acc_w));
    memset(acc_b, 0, sizeof(acc_b));
    for (i = n; i-- > 0;)
        for (b = m; b-- > 0;) {
            double t = gsl_matrix_get(dout, i, b);
            acc_b[b] += t;
            for (a = r; a-- > 0;)
                acc_w[a * m + b] += gsl_matrix_get(in, i, a) * t;
        }
    for (a = r; a-- > 0;)
        for (b = m; b-- > 0;)
            gsl_matrix_set(dw, a, b, acc_w[a * m + b] + 2.0 * reg * gsl_matrix_get(w, a, b));
    for (b = m; b-- > 0;)
        gsl_vector_set(db, b, acc_b[b]);
}

/* relu backward: pass dp where the unit fired */
static void relu_back(const gsl_matrix *dp, gsl_matrix *dz)
{
    size_t n = dp->size1, h = dp->size2, i, j;

    for (i = n; i-- > 0;)
        for (j = h; j-- > 0;)
            msk[i * h + j] = (uint8_t)(gsl_matrix_get(dp, i, j) > 0.0);
    for (i = n; i-- > 0;)
        for (j = h; j-- > 0;)
            gsl_matrix_set(dz, i, j, msk[i * h + j] ? gsl_matrix_get(dp, i, j) : 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n = X->size1, h = net->H, c = net->C;
    size_t i, j, k;

    if (n > MAX_N || net->D > MAX_D || h > MAX_H || c > MAX_C)
        return -1;

    /* softmax + cross-entropy backward */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = n; i-- > 0;)
        *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / (double)n);

    affine_back(cache->p1, g->dz2, net->W2, reg, g->dW2, g->db2);

    /* dp1 = dz2 W2' */
    for (i = n; i-- > 0;)
        for (j = h; j-- > 0;) {
            double s = 0.0;
            for (k = c; k-- > 0;)
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
        }

    relu_back(g->dp1, g->dz1);

    affine_back(X, g->dz1, net->W1, reg, g->dW1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
