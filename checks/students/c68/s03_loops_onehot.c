/* Backward pass, written with plain loops over ->data (tda = row stride).
 * Names as in the deeplearning.ai notebooks; layout is the library's
 * (sample i is ROW i), so "axis=1" in the notebook is "over i" here.     */
#include <stdlib.h>
#include "backprop.h"

typedef struct {            /* the notebook's cache = (Z1, A1, W1, b1, Z2, A2, W2, b2) */
    const double *Z1, *A1, *A2;
    size_t tz1, ta1, ta2;
} fwd_cache;

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t m = X->size1, n_x = X->size2, n_h = net->H, n_y = net->C;
    size_t i, j, k;
    double lambd = reg;
    fwd_cache c;
    double *Y;
    double *dZ2 = g->dz2->data, *dA1 = g->dp1->data, *dZ1 = g->dz1->data;
    double *dW2 = g->dW2->data, *dW1 = g->dW1->data;
    size_t t2 = g->dz2->tda, tp = g->dp1->tda, t1 = g->dz1->tda;
    size_t tw2 = g->dW2->tda, tw1 = g->dW1->tda;
    const double *W1 = net->W1->data, *W2 = net->W2->data;

    c.Z1 = cache->z1->data; c.tz1 = cache->z1->tda;
    c.A1 = cache->p1->data; c.ta1 = cache->p1->tda;
    c.A2 = cache->prob->data; c.ta2 = cache->prob->tda;

    /* Y one-hot, (m, n_y) here */
    Y = calloc(m * n_y, sizeof *Y);
    if (Y == NULL)
        return 1;
    for (i = 0; i < m; i++)
        Y[i * n_y + y[i]] = 1.0;

    /* dZ2 = (A2 - Y) / m */
    for (i = 0; i < m; i++)
        for (k = 0; k < n_y; k++)
            dZ2[i * t2 + k] = (c.A2[i * c.ta2 + k] - Y[i * n_y + k]) / (double) m;

    /* dW2 = A1^T dZ2 + 2 lambd W2 ; db2 = sum over samples */
    for (j = 0; j < n_h; j++)
        for (k = 0; k < n_y; k++) {
            double s = 0.0;
            for (i = 0; i < m; i++)
                s += c.A1[i * c.ta1 + j] * dZ2[i * t2 + k];
            dW2[j * tw2 + k] = s + 2.0 * lambd * W2[j * net->W2->tda + k];
        }
    for (k = 0; k < n_y; k++) {
        double s = 0.0;
        for (i = 0; i < m; i++)
            s += dZ2[i * t2 + k];
        gsl_vector_set(g->db2, k, s);
    }

    /* dA1 = dZ2 W2^T, then dZ1 = dA1 * (Z1 > 0) */
    for (i = 0; i < m; i++)
        for (j = 0; j < n_h; j++) {
            double s = 0.0;
            for (k = 0; k < n_y; k++)
                s += dZ2[i * t2 + k] * W2[j * net->W2->tda + k];
            dA1[i * tp + j] = s;
            dZ1[i * t1 + j] = c.Z1[i * c.tz1 + j] > 0.0 ? s : 0.0;
        }

    /* dW1 = X^T dZ1 + 2 lambd W1 */
    for (k = 0; k < n_x; k++)
        for (j = 0; j < n_h; j++) {
            double s = 0.0;
            for (i = 0; i < m; i++)
                s += X->data[i * X->tda + k] * dZ1[i * t1 + j];
            dW1[k * tw1 + j] = s + 2.0 * lambd * W1[k * net->W1->tda + j];
        }

    /* db1 */
    for (j = 0; j < n_h; j++) {
        double s = 0.0;
        for (i = 0; i < m; i++)
            s += dZ1[i * t1 + j];
        gsl_vector_set(g->db1, j, s);
    }

    free(Y);
    g->present = BP_GRADS_ALL;
    return 0;
}
